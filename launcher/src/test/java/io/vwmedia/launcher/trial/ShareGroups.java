package io.vwmedia.launcher.trial;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;

/** What the trial and its test set up on the broker: a task topic, and a share group's own settings. */
final class ShareGroups {

  private ShareGroups() {}

  static Admin admin(String bootstrap) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
  }

  static void createTopic(Admin admin, String topic, int partitions) throws Exception {
    admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
  }

  /**
   * A share group that starts from the topic's beginning (share groups start at its end by default,
   * {@code share.auto.offset.reset=latest}) and locks a record for {@code lockMs} (between the broker's
   * {@code group.share.min.record.lock.duration.ms}, 15 s, and its max, 60 s).
   */
  static void configureShareGroup(Admin admin, String group, int lockMs) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.GROUP, group);
    admin.incrementalAlterConfigs(Map.of(resource, List.of(
        new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET),
        new AlterConfigOp(new ConfigEntry("share.record.lock.duration.ms", Integer.toString(lockMs)),
            AlterConfigOp.OpType.SET))))
        .all().get(30, TimeUnit.SECONDS);
  }
}

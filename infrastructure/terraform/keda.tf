# KEDA scales the worker pools on the lag of their consumer groups (k8s/base/worker/scaled-object.yaml). Its Kafka
# scaler signs in to MSK with IAM as the KEDA operator's own service account (TriggerAuthentication
# vw-media-kafka: podIdentity aws, identityOwner keda), with a role that may only describe: connect, the task topics'
# offsets and the workers' groups' committed offsets. It can neither read a record nor write one.

data "aws_iam_policy_document" "keda_trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [local.oidc_provider_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.oidc_provider_host}:sub"
      values   = ["system:serviceaccount:keda:keda-operator"] # the KEDA Helm chart's namespace and name
    }

    condition {
      test     = "StringEquals"
      variable = "${local.oidc_provider_host}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "keda" {
  statement {
    sid       = "KafkaConnect"
    actions   = ["kafka-cluster:Connect", "kafka-cluster:DescribeCluster"]
    resources = [local.msk_cluster_arn]
  }

  # the end offsets of the topics the triggers name: rendition tasks, their retry topics, probe tasks
  statement {
    sid     = "KafkaDescribeTaskTopics"
    actions = ["kafka-cluster:DescribeTopic"]
    resources = [
      "${local.msk_topic_arn_prefix}media.rendition.tasks*",
      "${local.msk_topic_arn_prefix}media.probe.tasks",
    ]
  }

  # the committed offsets of the workers' groups
  statement {
    sid     = "KafkaDescribeWorkerGroups"
    actions = ["kafka-cluster:DescribeGroup"]
    resources = [
      "${local.msk_group_arn_prefix}vw-media-worker",
      "${local.msk_group_arn_prefix}vw-media-probe-worker",
    ]
  }
}

resource "aws_iam_role" "keda" {
  name               = "${local.name}-keda"
  description        = "KEDA operator (service account keda/keda-operator): reads the workers' lag"
  assume_role_policy = data.aws_iam_policy_document.keda_trust.json
}

resource "aws_iam_role_policy" "keda" {
  name   = "vw-media-keda"
  role   = aws_iam_role.keda.id
  policy = data.aws_iam_policy_document.keda.json
}

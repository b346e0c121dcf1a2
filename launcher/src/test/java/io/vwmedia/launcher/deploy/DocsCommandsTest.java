package io.vwmedia.launcher.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vwmedia.launcher.VwMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine;

/**
 * Every command the operators' documents show is one the project really has: a {@code vw-media} subcommand with
 * options it declares (run from the repository or inside the image), a file or folder that exists, a Kubernetes
 * object, label, namespace or Secret the rendered manifests have, a Terraform backend, var file or output that
 * exists, or one of the few outside tools the documents rely on (aws, helm, curl, jq, openssl).
 */
class DocsCommandsTest {

  static final List<String> DOCUMENTS = List.of("docs/runbooks/media-transcode.md", "docs/deployment.md",
      "k8s/README.md", "infrastructure/terraform/README.md");
  static final Set<String> OUTSIDE_TOOLS = Set.of("aws", "helm", "curl", "jq", "openssl");
  static final Set<String> NAMESPACES = Set.of("vw-media", "kube-system", "keda");
  static final Set<String> TERRAFORM_COMMANDS = Set.of("init", "plan", "apply", "output", "fmt", "validate");
  static final Pattern OBJECT = Pattern.compile("(deployment|statefulset|daemonset|scaledobject|service)/([a-z0-9-]+)");

  static List<JsonNode> objects;

  @BeforeAll
  static void render() throws Exception {
    objects = new ArrayList<>(KubernetesManifests.overlay("prod").objects());
    objects.addAll(KubernetesManifests.render(InfraChecks.K8S.resolve("nvidia-device-plugin")).objects());
  }

  static Stream<String> documents() {
    return DOCUMENTS.stream();
  }

  @ParameterizedTest
  @MethodSource("documents")
  void everyCommandInTheDocumentIsOneTheProjectHas(String document) throws Exception {
    DocumentedCommands doc = DocumentedCommands.read(InfraChecks.ROOT.resolve(document));
    assertThat(doc.commands()).as("%s shows commands", document).isNotEmpty();
    List<String> problems = new ArrayList<>();
    for (DocumentedCommands.Command c : doc.commands()) {
      problems.addAll(check(c).stream().map(p -> p + "  [" + c.line() + "]").toList());
    }
    assertThat(problems).as(document).isEmpty();
  }

  @Test
  void aCommandTheProjectDoesNotHaveIsCaught(@TempDir Path dir) throws Exception {
    Path doc = dir.resolve("runbook.md");
    Files.writeString(doc, String.join("\n", "```sh",
        "bin/vw-media resubmit ASSET",
        "bin/vw-media submit FILE --asset ID --wait",
        "kubectl -n vw-media rollout restart deployment/worker-tpu",
        "kubectl -n vw-media get pods -l vw-media.io/pool=tpu",
        "cd infrastructure/terraform",
        "terraform plan -var-file=environments/qa.tfvars",
        "terraform output -raw worker_role",
        "kafkactl get topics",
        "```", ""));
    List<String> problems = DocumentedCommands.read(doc).commands().stream().flatMap(c -> check(c).stream()).toList();

    assertThat(problems).anySatisfy(p -> assertThat(p).contains("no subcommand resubmit"))
        .anySatisfy(p -> assertThat(p).contains("submit has no option --asset"))
        .anySatisfy(p -> assertThat(p).contains("no deployment/worker-tpu"))
        .anySatisfy(p -> assertThat(p).contains("no pod labelled vw-media.io/pool=tpu"))
        .anySatisfy(p -> assertThat(p).contains("environments/qa.tfvars"))
        .anySatisfy(p -> assertThat(p).contains("no output worker_role"))
        .anySatisfy(p -> assertThat(p).contains("kafkactl"));
  }

  private static List<String> check(DocumentedCommands.Command c) {
    List<String> words = c.words();
    String program = words.get(0);
    List<String> problems = new ArrayList<>();
    pathsExist(c, problems);
    if (program.equals("bin/vw-media")) {
      vwMedia(words.subList(1, words.size()), problems);
    } else if (program.equals("java")) {
      int jar = words.indexOf("-jar");
      if (jar < 0 || !words.get(jar + 1).equals(ContainerImageTest.JAR)) {
        problems.add("java runs only the image's jar " + ContainerImageTest.JAR);
      } else {
        vwMedia(words.subList(jar + 2, words.size()), problems);
      }
    } else if (program.equals("kubectl")) {
      kubectl(words, problems);
    } else if (program.equals("terraform")) {
      terraform(c, problems);
    } else if (program.startsWith("bin/") || program.startsWith("bench/")) {
      if (!Files.isExecutable(InfraChecks.ROOT.resolve(program))) {
        problems.add(program + " is not an executable of this repository");
      }
    } else if (!program.equals("node") && !OUTSIDE_TOOLS.contains(program)) {
      problems.add(program + " is neither a command of this project nor an outside tool the documents rely on");
    }
    return problems;
  }

  /** Words that name a path of the repository (infrastructure/..., k8s/..., a .tfvars, a .hcl, @file) exist. */
  private static void pathsExist(DocumentedCommands.Command c, List<String> problems) {
    for (String word : c.words()) {
      String path = word.replaceFirst("^@", "").replaceFirst("^-[a-z-]+=", "");
      boolean repoPath = path.matches("(infrastructure|k8s|docs|bench|players|environments)/[^*]*")
          || path.matches("[\\w./-]+\\.(tfvars|hcl|mjs|json|yaml)");
      if (repoPath && !path.contains("SUBST") && !Files.exists(InfraChecks.ROOT.resolve(c.dir()).resolve(path))) {
        problems.add(path + " does not exist (from " + c.dir() + ")");
      }
    }
  }

  private static void vwMedia(List<String> args, List<String> problems) {
    CommandLine cli = VwMedia.commandLine();
    if (args.isEmpty() || !cli.getSubcommands().containsKey(args.get(0))) {
      problems.add("vw-media has no subcommand " + (args.isEmpty() ? "(none given)" : args.get(0)));
      return;
    }
    CommandSpec spec = cli.getSubcommands().get(args.get(0)).getCommandSpec();
    for (String arg : args.subList(1, args.size())) {
      String option = arg.split("=", 2)[0];
      if (option.startsWith("-") && spec.findOption(option) == null) {
        problems.add(args.get(0) + " has no option " + option);
      }
    }
  }

  private static void kubectl(List<String> words, List<String> problems) {
    int end = words.contains("--") ? words.indexOf("--") : words.size(); // after --: a command inside the pod
    for (int i = 1; i < end; i++) {
      String w = words.get(i);
      String next = i + 1 < end ? words.get(i + 1) : "";
      if ((w.equals("-n") || w.equals("--namespace")) && !NAMESPACES.contains(next)) {
        problems.add("namespace " + next + " is none of " + NAMESPACES);
      }
      Matcher object = OBJECT.matcher(w);
      if (object.matches() && !has(object.group(1), object.group(2))) {
        problems.add("no " + w + " in the rendered manifests");
      }
      if (w.equals("scaledobject") && next.matches("[a-z0-9-]+") && !has("scaledobject", next)) {
        problems.add("no scaledobject/" + next + " in the rendered manifests");
      }
      if (w.equals("exec") && next.matches("[a-z-]+-\\d+") && !has("statefulset", next.replaceFirst("-\\d+$", ""))) {
        problems.add("no pod " + next + " of a StatefulSet in the rendered manifests");
      }
      boolean nodes = words.contains("nodes") || words.contains("node");
      if (w.equals("-l") && !nodes && !labelled(next)) {
        problems.add("no pod labelled " + next + " in the rendered manifests");
      }
      if (w.equals("-l") && nodes && !selectedNodes(next)) {
        problems.add("no pod selects nodes labelled " + next + " in the rendered manifests");
      }
      if (w.equals("generic") && !referencedSecret(next)) {
        problems.add("no rendered object reads the Secret " + next);
      }
    }
  }

  private static void terraform(DocumentedCommands.Command c, List<String> problems) {
    Path dir = c.dir();
    List<String> args = new ArrayList<>(c.words().subList(1, c.words().size()));
    if (!args.isEmpty() && args.get(0).startsWith("-chdir=")) {
      dir = dir.resolve(args.remove(0).substring("-chdir=".length()));
    }
    if (args.isEmpty() || !TERRAFORM_COMMANDS.contains(args.get(0))) {
      problems.add("terraform " + (args.isEmpty() ? "" : args.get(0)) + " is not a step of our runbooks");
      return;
    }
    for (String arg : args) {
      for (String flag : List.of("-backend-config=", "-var-file=")) {
        if (arg.startsWith(flag) && !Files.exists(InfraChecks.ROOT.resolve(dir).resolve(arg.substring(flag.length())))) {
          problems.add(arg.substring(flag.length()) + " does not exist in " + dir);
        }
      }
    }
    if (args.get(0).equals("output")) {
      String name = args.get(args.size() - 1);
      if (!name.startsWith("-") && !outputs(InfraChecks.ROOT.resolve(dir)).contains(name)) {
        problems.add("no output " + name + " in " + dir);
      }
    }
  }

  private static Set<String> outputs(Path dir) {
    Set<String> names = new HashSet<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path tf : files.filter(f -> f.toString().endsWith(".tf")).toList()) {
        Matcher m = Pattern.compile("(?m)^output \"([^\"]+)\"").matcher(Files.readString(tf));
        while (m.find()) {
          names.add(m.group(1));
        }
      }
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    return names;
  }

  private static boolean has(String kind, String name) {
    return objects.stream().anyMatch(o -> o.path("kind").asText().equalsIgnoreCase(kind)
        && o.path("metadata").path("name").asText().equals(name));
  }

  private static boolean labelled(String selector) {
    String[] kv = selector.split("=", 2);
    return objects.stream().anyMatch(o ->
        o.path("spec").path("template").path("metadata").path("labels").path(kv[0]).asText().equals(kv[1]));
  }

  private static boolean selectedNodes(String selector) {
    String[] kv = selector.split("=", 2);
    return objects.stream().anyMatch(o -> o.findValues("nodeSelector").stream()
        .anyMatch(s -> s.path(kv[0]).asText().equals(kv[1])));
  }

  private static boolean referencedSecret(String name) {
    return objects.stream().anyMatch(o -> o.findValues("secretKeyRef").stream()
        .anyMatch(ref -> ref.path("name").asText().equals(name)));
  }
}

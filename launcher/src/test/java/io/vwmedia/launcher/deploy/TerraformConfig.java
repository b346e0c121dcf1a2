package io.vwmedia.launcher.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The parsed Terraform configuration ({@code terraform.mjs --dump}), looked up the way a reader names things:
 * {@code resource("aws_iam_role", "worker")}, {@code data("aws_iam_policy_document", "worker")}, an overlay's values.
 * Values are hcl2json's: literals as JSON, expressions as {@code "${...}"} strings.
 */
record TerraformConfig(JsonNode dump) {

  /** The body of {@code resource "<type>" "<name>"}, whichever file declares it. */
  JsonNode resource(String type, String name) {
    return block("resource", type, name);
  }

  /** The body of {@code data "<type>" "<name>"}. */
  JsonNode data(String type, String name) {
    return block("data", type, name);
  }

  JsonNode output(String name) {
    for (JsonNode file : dump.get("tf")) {
      JsonNode output = file.path("output").path(name);
      if (output.isArray()) {
        return output.get(0);
      }
    }
    throw new AssertionError("no output " + name);
  }

  JsonNode tfvars(String env) {
    return dump.get("tfvars").get(env);
  }

  /** The statement with this sid of a policy document. */
  JsonNode statement(String document, String sid) {
    for (JsonNode statement : data("aws_iam_policy_document", document).get("statement")) {
      if (statement.path("sid").asText().equals(sid)) {
        return statement;
      }
    }
    throw new AssertionError("policy document " + document + " has no statement " + sid);
  }

  private JsonNode block(String kind, String type, String name) {
    for (JsonNode file : dump.get("tf")) {
      JsonNode bodies = file.path(kind).path(type).path(name);
      if (bodies.isArray()) {
        return bodies.get(0);
      }
    }
    throw new AssertionError("no " + kind + " " + type + "." + name);
  }

  static List<String> texts(JsonNode array) {
    assertThat(array.isArray()).as("a list: %s", array).isTrue();
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }

  /**
   * Whether an IAM resource pattern ({@code *} any characters, {@code ?} one) matches a name, after dropping the
   * expression in front of it ({@code "${local.outputs_keys}assets/*"} matches the key {@code assets/a1/720p/x.m4s}).
   */
  static boolean iamMatches(String pattern, String name) {
    String literal = pattern.replaceFirst("^\\$\\{[^}]*}", "");
    StringBuilder regex = new StringBuilder();
    for (char c : literal.toCharArray()) {
      regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return name.matches(regex.toString());
  }
}

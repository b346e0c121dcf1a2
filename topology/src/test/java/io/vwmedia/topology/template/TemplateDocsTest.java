package io.vwmedia.topology.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.vwmedia.topology.template.LadderTemplate.FitToSource;
import io.vwmedia.topology.template.LadderTemplate.VideoRung;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The ladder table in docs/configuration.md (section "Templates") is made from the default template's JSON; this
 * keeps it true as the template changes. {@code -Dvw.docs.update=true} rewrites the table in place.
 */
class TemplateDocsTest {

  static final Path DOC = Path.of("..", "docs", "configuration.md");
  static final String BEGIN = "<!-- ladder: generated from topology/src/main/resources/templates/"
      + TemplateCatalog.DEFAULT_TEMPLATE + ".json; TemplateDocsTest checks it -->";
  static final String END = "<!-- /ladder -->";

  /** The table, and the template's fit-to-source parameters, as docs/configuration.md shows them. */
  static String ladderTable(LadderTemplate t) {
    String rows = t.video().stream().map(r -> "| %s | %d | %s | %d kbit/s | %d kbit/s | %d kbit | %s |".formatted(
            r.name(), r.height(), r.level(), r.bitrateKbps(), r.maxBitrateKbps(), r.bufferKbits(), frameRate(t, r)))
        .collect(Collectors.joining("\n"));
    FitToSource fit = t.fitToSource();
    String fitted = fit == null ? "Not fitted to the source (no `fitToSource`)."
        : "Fitted to the source (`fitToSource`): `tolerance` %s (%s %% of a rung's height), `minStep` %sx in pixels."
            .formatted(number(fit.tolerance()), number(fit.tolerance() * 100), number(fit.minStep()));
    return """
        | rung | short side | level | average | peak (VBV max rate) | VBV buffer | frame rate |
        |---|---:|---|---:|---:|---:|---|
        %s

        %s""".formatted(rows, fitted);
  }

  private static String frameRate(LadderTemplate t, VideoRung r) {
    if (r.maxFrameRate() == null) {
      return "the source's, at most " + number(t.maxFrameRate());
    }
    double cap = r.maxFrameRate();
    String examples = Stream.of(60.0, 50.0, 59.94).filter(fps -> fps > cap)
        .map(fps -> number(fps) + " → " + number(fps / Math.ceil(fps / cap - 1e-6)))
        .collect(Collectors.joining(", "));
    return "at most " + number(cap) + ": a faster source is divided by a whole number (" + examples + ")";
  }

  private static String number(double value) {
    return BigDecimal.valueOf(value).setScale(2, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
  }

  @Test
  void docsShowTheDefaultLadderAsTheTemplateDeclaresIt() throws Exception {
    String generated = ladderTable(TemplateCatalog.builtIn().resolve(TemplateCatalog.DEFAULT_TEMPLATE, null));
    String doc = Files.readString(DOC);
    int begin = doc.indexOf(BEGIN);
    int end = doc.indexOf(END);
    assertThat(begin).as("docs/configuration.md needs the ladder table between the lines%n%s%n%s", BEGIN, END)
        .isNotNegative().isLessThan(end);
    String documented = doc.substring(begin + BEGIN.length(), end).strip();
    if (Boolean.getBoolean("vw.docs.update") && !documented.equals(generated)) {
      Files.writeString(DOC, doc.substring(0, begin + BEGIN.length()) + "\n" + generated + "\n" + doc.substring(end));
      documented = generated;
    }

    assertThat(documented)
        .as("the ladder table in docs/configuration.md does not match templates/%s.json: rerun this test with "
            + "-Dvw.docs.update=true to rewrite it (mvn -pl topology -am verify -Dtest=TemplateDocsTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dvw.docs.update=true), or copy the expected text below",
            TemplateCatalog.DEFAULT_TEMPLATE)
        .isEqualTo(generated);
  }
}

package io.vwmedia.topology.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Where templates come from: every {@code *.json} of the classpath folders (directories or inside a jar) and of an
 * optional folder, one template per file named by its id, and a template's {@code "extends"} base merged in under it.
 * {@link TemplateCatalog} turns what is found here into validated templates.
 */
final class TemplateFiles {

  private static final String EXTENDS = "extends";

  private TemplateFiles() {}

  /** Every template file found, by id; what cannot be read is added to {@code problems}, not thrown. */
  static Map<String, Declared> find(List<URL> classpathFolders, Optional<Path> extraDir, List<String> problems) {
    Map<String, Declared> declared = new TreeMap<>();
    try {
      for (URL folder : classpathFolders) {
        scan(folder, declared, problems);
      }
      if (extraDir.isPresent()) {
        if (!Files.isDirectory(extraDir.get())) {
          throw new TemplateException("the template folder " + extraDir.get() + " is not a directory");
        }
        read(extraDir.get(), declared, problems);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the templates: " + e.getMessage(), e);
    }
    return declared;
  }

  /** The template's JSON with its bases merged in; a {@link TemplateException} for a cycle or an unknown base. */
  static ObjectNode resolved(String id, Map<String, Declared> declared) {
    return resolveBase(id, declared, new LinkedHashSet<>());
  }

  /** One template file as written, before its base is merged in. */
  record Declared(String id, String where, ObjectNode json) {}

  /** Reads the {@code *.json} of a classpath folder, in a directory or a jar ({@code jar:file:/x.jar!/templates}). */
  private static void scan(URL folder, Map<String, Declared> declared, List<String> problems) throws IOException {
    URI uri;
    try {
      uri = folder.toURI();
    } catch (URISyntaxException e) {
      throw new IOException("bad template folder URL " + folder, e);
    }
    if (!"jar".equals(uri.getScheme())) {
      read(Path.of(uri), declared, problems);
      return;
    }
    String spec = uri.toString();
    int separator = spec.indexOf("!/");
    URI jarUri = URI.create(spec.substring(0, separator));
    String inside = spec.substring(separator + 1);
    FileSystem open;
    try {
      open = FileSystems.newFileSystem(jarUri, Map.of());
    } catch (FileSystemAlreadyExistsException e) {
      read(FileSystems.getFileSystem(jarUri).getPath(inside), declared, problems); // someone else's: left open
      return;
    }
    try (FileSystem jar = open) {
      read(jar.getPath(inside), declared, problems);
    }
  }

  private static void read(Path dir, Map<String, Declared> declared, List<String> problems) throws IOException {
    List<Path> files;
    try (Stream<Path> listed = Files.list(dir)) {
      files = listed.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
    }
    for (Path file : files) {
      String name = file.getFileName().toString();
      String id = name.substring(0, name.length() - ".json".length());
      String where = file.toUri().toString();
      Declared earlier = declared.get(id);
      if (earlier != null) {
        problems.add(where + ": template '" + id + "' is already declared by " + earlier.where());
        continue;
      }
      try (InputStream in = Files.newInputStream(file)) {
        if (TemplateCatalog.JSON.readTree(in) instanceof ObjectNode json) {
          declared.put(id, new Declared(id, where, json));
        } else {
          problems.add(where + ": not a JSON object");
        }
      } catch (IOException e) {
        problems.add(where + ": not readable JSON: " + e.getMessage());
      }
    }
  }

  /** The template's JSON with its bases merged in, base first; {@code chain} holds the ids being resolved. */
  private static ObjectNode resolveBase(String id, Map<String, Declared> declared, LinkedHashSet<String> chain) {
    if (!chain.add(id)) {
      throw new TemplateException("extends itself: " + String.join(" -> ", chain) + " -> " + id);
    }
    ObjectNode own = declared.get(id).json().deepCopy();
    JsonNode base = own.remove(EXTENDS);
    if (base == null) {
      return own;
    }
    if (!base.isTextual() || !declared.containsKey(base.asText())) {
      throw new TemplateException(EXTENDS + " names unknown template " + base + "; known templates: " + declared.keySet());
    }
    return merge(resolveBase(base.asText(), declared, chain), own);
  }

  /** {@code over} on top of {@code base}: objects merge key by key, anything else replaces. */
  private static ObjectNode merge(ObjectNode base, ObjectNode over) {
    over.properties().forEach(e -> {
      if (base.get(e.getKey()) instanceof ObjectNode inner && e.getValue() instanceof ObjectNode overInner) {
        merge(inner, overInner);
      } else {
        base.set(e.getKey(), e.getValue());
      }
    });
    return base;
  }
}

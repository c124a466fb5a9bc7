package io.dhcpfailover.build;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Build step run after the CRD generator: puts the generated CRD's {@code additionalPrinterColumns}
 * in the order the {@link AdditionalPrinterColumn} annotations are declared on the custom resource
 * class, which is the order {@code kubectl get} shows them in. The generator sorts them by JSONPath
 * instead.
 *
 * <p>Only the lines of the column lists move; every other byte of the file stays as generated. The
 * api module runs it in {@code process-classes}, right after the generator and before anything
 * reads or packages the file, so skipping the tests does not skip it.
 */
public final class PrinterColumnOrder {
  private static final Pattern LIST_START = Pattern.compile("^(\\s*)(- )?additionalPrinterColumns:\\s*$");
  private static final Pattern NAME = Pattern.compile("^\\s*(?:- )?name:\\s*\"?([^\"]*)\"?\\s*$");

  private PrinterColumnOrder() {}

  /**
   * Rewrites CRD files in place.
   *
   * @param args the custom resource class's name, then the CRD files to rewrite
   */
  public static void main(String[] args) throws IOException, ClassNotFoundException {
    if (args.length < 2) {
      throw new IllegalArgumentException("usage: PrinterColumnOrder <resource class> <crd file>...");
    }
    Class<?> resource =
        Class.forName(args[0], false, Thread.currentThread().getContextClassLoader());
    List<String> order = declaredOrder(resource);
    for (String arg : Arrays.asList(args).subList(1, args.length)) {
      Path file = Path.of(arg);
      String before = Files.readString(file, StandardCharsets.UTF_8);
      String after = reorder(before, order);
      if (!after.equals(before)) {
        Files.writeString(file, after, StandardCharsets.UTF_8);
      }
    }
  }

  /** Column names in declaration order. */
  public static List<String> declaredOrder(Class<?> type) {
    return Arrays.stream(type.getAnnotationsByType(AdditionalPrinterColumn.class))
        .map(AdditionalPrinterColumn::name)
        .toList();
  }

  /**
   * Returns {@code yaml} with the items of every {@code additionalPrinterColumns} list sorted by
   * their position in {@code order}; items not named there keep their relative order at the end.
   */
  public static String reorder(String yaml, List<String> order) {
    String[] lines = yaml.split("\n", -1);
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < lines.length) {
      String line = lines[i];
      out.add(line);
      i++;
      if (!LIST_START.matcher(line).matches()) {
        continue;
      }
      String itemPrefix = itemPrefix(lines, i);
      if (itemPrefix == null) {
        continue;
      }
      String continuation = " ".repeat(itemPrefix.length());
      Map<String, List<String>> items = new LinkedHashMap<>();
      List<List<String>> unnamed = new ArrayList<>();
      while (i < lines.length && lines[i].startsWith(itemPrefix)) {
        List<String> item = new ArrayList<>();
        item.add(lines[i++]);
        while (i < lines.length && lines[i].startsWith(continuation)) {
          item.add(lines[i++]);
        }
        String name = itemName(item);
        if (name == null || items.containsKey(name)) {
          unnamed.add(item);
        } else {
          items.put(name, item);
        }
      }
      List<String> names = new ArrayList<>(items.keySet());
      names.sort(
          (a, b) -> Integer.compare(rank(order, a), rank(order, b)));
      for (String name : names) {
        out.addAll(items.get(name));
      }
      unnamed.forEach(out::addAll);
    }
    return String.join("\n", out);
  }

  private static int rank(List<String> order, String name) {
    int index = order.indexOf(name);
    return index < 0 ? order.size() : index;
  }

  /** The "  - " prefix of the list's items, from its first line, or null for an empty list. */
  private static String itemPrefix(String[] lines, int first) {
    if (first >= lines.length) {
      return null;
    }
    Matcher m = Pattern.compile("^(\\s*- )").matcher(lines[first]);
    return m.find() ? m.group(1) : null;
  }

  private static String itemName(List<String> item) {
    for (String line : item) {
      Matcher m = NAME.matcher(line);
      if (m.matches()) {
        return m.group(1);
      }
    }
    return null;
  }
}

package io.dhcpfailover.node.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import io.dhcpfailover.api.v1alpha1.ClientClassSpec;
import io.dhcpfailover.api.v1alpha1.SubnetSpec;
import io.dhcpfailover.api.validation.OptionTypes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kea's {@code client-classes}: a class whose {@code test} is one a pair file's class can hold
 * (see {@link ClassTest}: {@code option[60].hex == 'PXEClient'}, {@code substring(option[60].hex,0,9)
 * == 'PXEClient'}, {@code option[77].hex == 'iPXE'}, {@code option[93].hex == 0x0007},
 * {@code substring(pkt4.mac,0,3) == 0x525400}, joined by {@code and}) becomes a class of
 * {@code spec.classes}, with its {@code option-data} and boot fields. Pools name the classes by
 * {@link #name}. Other tests and keys are reported.
 */
final class KeaClassTranslator {
  private static final Pattern TOKEN = Pattern.compile(
      "\\s*('[^']*'|0[xX][0-9a-fA-F]+|[0-9]+|==|[()\\[\\],.]|[A-Za-z_][A-Za-z0-9_-]*)");
  private static final Set<String> BOOT = Set.of("next-server", "boot-file-name", "server-hostname");

  private final PairDraft draft;
  private final Function<String, OptionTypes.Definition> options;
  private final KeaParameters parameters;
  /** Kea's class name to the pair file's, for the classes translated. */
  private final Map<String, String> names = new HashMap<>();

  /** Translates one scope parameter ({@code option-data}, a boot field) into a subnet. */
  interface KeaParameters {
    void apply(String key, JsonNode value, SubnetSpec target, String path);
  }

  /**
   * @param options an option's definition by name (the file's {@code option-def} first)
   * @param parameters translates a parameter into a subnet, as for a subnet's own
   */
  KeaClassTranslator(PairDraft draft, Function<String, OptionTypes.Definition> options,
      KeaParameters parameters) {
    this.draft = draft;
    this.options = options;
    this.parameters = parameters;
  }

  /** The pair file's name of a translated class, or null. */
  String name(String keaName) {
    return names.get(keaName);
  }

  /** {@code Dhcp4.client-classes}. */
  void declare(JsonNode classes, String path) {
    int i = 0;
    for (JsonNode k : classes.isArray() ? classes : List.<JsonNode>of()) {
      String p = path + "[" + i++ + "]";
      String keaName = k.path("name").asText("");
      String label = p + " (" + keaName + ")";
      if (!k.has("test")) {
        draft.note(0, label + " not translated: a class without a test (assigned by a host"
            + " reservation or required by a pool) has no counterpart");
        continue;
      }
      ClientClassSpec c;
      try {
        c = ClassTest.criteria(new Parser(k.get("test").asText()).parse());
      } catch (IllegalArgumentException e) {
        draft.note(0, label + ".test '" + k.get("test").asText() + "' not translated: "
            + e.getMessage() + " (pools that name it are open to every client)");
        continue;
      }
      SubnetSpec settings = new SubnetSpec();
      Iterator<Map.Entry<String, JsonNode>> fields = k.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        String key = f.getKey();
        if (key.equals("option-data") || BOOT.contains(key)) {
          parameters.apply(key, f.getValue(), settings, p + "." + key);
        } else if (!Set.of("name", "test", "comment", "user-context").contains(key)) {
          draft.note(0, p + "." + key + " not translated: a class holds a test, options and boot"
              + " fields");
        }
      }
      c.setName(IscClassTranslator.className(keaName, draft.spec.getClasses()));
      c.setOptions(settings.getOptions());
      ScopeSettings.copyBoot(settings, c);
      if (ScopeSettings.hasMore(settings)) {
        draft.note(0, label + ": " + ScopeSettings.LEFT_OVER);
      }
      names.put(keaName, c.getName());
      draft.spec.getClasses().add(c);
    }
  }

  /** Kea's evaluation expression language, the part that {@link ClassTest} can hold. */
  private final class Parser extends ClassTestParser {
    private final List<String> tokens = new ArrayList<>();
    private int pos;

    Parser(String text) {
      Matcher m = TOKEN.matcher(text);
      int end = 0;
      while (m.find() && m.start() == end) {
        tokens.add(m.group(1));
        end = m.end();
      }
      if (!text.substring(end).isBlank()) {
        throw new IllegalArgumentException("cannot read '" + text.substring(end).trim() + "'");
      }
    }

    @Override
    protected String peekText() {
      return pos < tokens.size() ? tokens.get(pos) : null;
    }

    @Override
    protected ClassTest comparison() {
      int code;
      int offset = 0;
      Integer length = null;
      if (next("substring")) {
        expect("(");
        code = subject(false);
        expect(",");
        offset = Integer.parseInt(number());
        expect(",");
        length = next("all") ? null : Integer.valueOf(number());
        expect(")");
      } else {
        if (peek("option") && pos + 5 < tokens.size() && tokens.get(pos + 5).equals("exists")) {
          code = subject(true);
          return new ClassTest.Exists(code);
        }
        code = subject(false);
      }
      expect("==");
      byte[] value = literal();
      if (code == ClassTest.HARDWARE && length == null) {
        length = value.length;
      }
      return new ClassTest.Equals(code, offset, length, value);
    }

    /** {@code option[N].hex}, {@code option[NAME].text}, {@code option[N].exists}, {@code pkt4.mac}. */
    private int subject(boolean exists) {
      if (next("pkt4")) {
        expect(".");
        expect("mac");
        return ClassTest.HARDWARE;
      }
      expect("option");
      expect("[");
      String ref = token();
      expect("]");
      expect(".");
      String what = token();
      if (!(exists ? what.equals("exists") : what.equals("hex") || what.equals("text"))) {
        throw new IllegalArgumentException("option[" + ref + "]." + what + " is not translated");
      }
      if (ref.matches("[0-9]+")) {
        return Integer.parseInt(ref);
      }
      OptionTypes.Definition d = options.apply(ref.toLowerCase(Locale.ROOT));
      if (d == null) {
        throw new IllegalArgumentException("option " + ref + " is not known");
      }
      return d.code();
    }

    private byte[] literal() {
      String t = token();
      if (t.startsWith("'")) {
        return t.substring(1, t.length() - 1).getBytes(StandardCharsets.ISO_8859_1);
      }
      if (t.startsWith("0x") || t.startsWith("0X")) {
        String h = t.substring(2);
        return HexFormat.of().parseHex(h.length() % 2 == 0 ? h : "0" + h);
      }
      throw new IllegalArgumentException("'" + t + "': only 'text' and 0x hex values are translated");
    }

    private String number() {
      String t = token();
      if (!t.matches("[0-9]+")) {
        throw new IllegalArgumentException("'" + t + "' is no number");
      }
      return t;
    }

    private String token() {
      if (pos >= tokens.size()) {
        throw new IllegalArgumentException("the test ends too early");
      }
      return tokens.get(pos++);
    }

    private boolean peek(String t) {
      return pos < tokens.size() && tokens.get(pos).equals(t);
    }

    @Override
    protected boolean next(String t) {
      if (peek(t)) {
        pos++;
        return true;
      }
      return false;
    }

    @Override
    protected void expect(String t) {
      if (!next(t)) {
        throw new IllegalArgumentException("'" + t + "' expected"
            + (pos < tokens.size() ? " at '" + tokens.get(pos) + "'" : " at the end"));
      }
    }
  }
}

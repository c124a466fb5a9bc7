package io.dhcpfailover.node.migrate;

import io.dhcpfailover.api.v1alpha1.ClientClassSpec;
import io.dhcpfailover.api.v1alpha1.PoolSpec;
import io.dhcpfailover.api.v1alpha1.SubnetSpec;
import io.dhcpfailover.api.validation.OptionTypes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * ISC dhcpd's classes (dhcpd.conf(5) "CLIENT CLASSING"): {@code class "NAME" { match if EXPR; ...
 * }} becomes a class of {@code spec.classes} when its expression is one a pair file's class can
 * hold (see {@link ClassTest}), its options and boot parameters the class's; a pool's {@code allow
 * members of "NAME"} and {@code deny members of "NAME"} become the pool's {@code classes} and
 * {@code notClasses}. Subclasses, spawning, lease limits and other expressions are reported.
 */
final class IscClassTranslator {
  private final PairDraft draft;
  private final Map<String, OptionTypes.Definition> custom;
  private final BiConsumer<IscStatement, SubnetSpec> parameter;
  /** ISC's class name to the pair file's, for the classes translated. */
  private final Map<String, String> names = new HashMap<>();

  /**
   * @param custom the options defined in the file ({@code option NAME code N = TYPE})
   * @param parameter translates one parameter statement (an option, a boot field) into a subnet
   */
  IscClassTranslator(PairDraft draft, Map<String, OptionTypes.Definition> custom,
      BiConsumer<IscStatement, SubnetSpec> parameter) {
    this.draft = draft;
    this.custom = custom;
    this.parameter = parameter;
  }

  /** {@code class "NAME" { ... }}. */
  void declare(IscStatement s) {
    if (s.size() != 2 || !s.isBlock()) {
      draft.note(s.line(), s.summary() + " not translated: expected class \"NAME\" { ... }");
      return;
    }
    String iscName = s.word(1);
    ClientClassSpec c = null;
    SubnetSpec settings = new SubnetSpec();
    for (IscStatement inner : s.block()) {
      if (inner.startsWith("match", "if")) {
        try {
          c = ClassTest.criteria(new Parser(inner, 2).parse());
        } catch (IllegalArgumentException e) {
          draft.note(inner.line(), "class \"" + iscName + "\": " + inner.summary()
              + " not translated: " + e.getMessage());
        }
      } else if (inner.startsWith("option") || inner.startsWith("filename")
          || inner.startsWith("next-server") || inner.startsWith("server-name")) {
        parameter.accept(inner, settings);
      } else {
        draft.note(inner.line(), "class \"" + iscName + "\": " + inner.summary() + " not"
            + " translated: a class holds a match if test, options and boot parameters");
      }
    }
    if (c == null) {
      draft.note(s.line(), s.summary() + " not translated: no match if test the pair file can"
          + " hold (pools that name it are open to every client)");
      return;
    }
    c.setName(className(iscName, draft.spec.getClasses()));
    c.setOptions(settings.getOptions());
    ScopeSettings.copyBoot(settings, c);
    if (ScopeSettings.hasMore(settings)) {
      draft.note(s.line(), "class \"" + iscName + "\": " + ScopeSettings.LEFT_OVER);
    }
    names.put(iscName, c.getName());
    draft.spec.getClasses().add(c);
  }

  /**
   * A pool's {@code allow members of "NAME";} or {@code deny members of "NAME";} into
   * {@code pool}; false when the statement is no such permission.
   */
  boolean permission(IscStatement s, PoolSpec pool) {
    boolean allow = s.startsWith("allow", "members", "of");
    if (!allow && !s.startsWith("deny", "members", "of")) {
      return false;
    }
    String name = s.size() == 4 ? names.get(s.word(3)) : null;
    if (name == null) {
      draft.note(s.line(), s.summary() + " not translated: class \"" + s.word(3) + "\" is not"
          + " translated (or not declared before the pool)");
      return true;
    }
    List<String> list = allow ? pool.getClasses() : pool.getNotClasses();
    if (list == null) {
      list = new ArrayList<>();
      if (allow) {
        pool.setClasses(list);
      } else {
        pool.setNotClasses(list);
      }
    }
    if (!list.contains(name)) {
      list.add(name);
    }
    return true;
  }

  /**
   * A pair file's class name for {@code name}: lower-case letters, digits and '-', at most 63,
   * and none of {@code taken} (a suffix {@code -2}, {@code -3}, ... when two names map alike).
   */
  static String className(String name, List<ClientClassSpec> taken) {
    String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
    s = s.replaceAll("^-+", "");
    s = (s.length() > 60 ? s.substring(0, 60) : s).replaceAll("-+$", "");
    String base = s.isEmpty() ? "class" : s;
    String candidate = base;
    for (int i = 2; isTaken(candidate, taken); i++) {
      candidate = base + "-" + i;
    }
    return candidate;
  }

  private static boolean isTaken(String name, List<ClientClassSpec> taken) {
    return taken.stream().anyMatch(c -> name.equals(c.getName()));
  }

  /** The expression after {@code match if}, by recursive descent. */
  private final class Parser extends ClassTestParser {
    private final List<IscToken> tokens = new ArrayList<>();
    private int pos;

    Parser(IscStatement s, int from) {
      for (int i = from; i < s.size(); i++) {
        IscToken t = s.words().get(i);
        if (t.kind() != IscToken.Kind.WORD) {
          tokens.add(t);
          continue;
        }
        for (String part : t.text().split("(?<=[()])|(?=[()])")) {
          if (!part.isEmpty()) {
            tokens.add(new IscToken(IscToken.Kind.WORD, part, t.line()));
          }
        }
      }
    }

    @Override
    protected String peekText() {
      return pos < tokens.size() ? tokens.get(pos).toString() : null;
    }

    @Override
    protected ClassTest comparison() {
      if (next("exists")) {
        return new ClassTest.Exists(code(word()));
      }
      int code;
      int offset = 0;
      Integer length = null;
      if (next("substring")) {
        expect("(");
        code = subject();
        expectComma();
        offset = number();
        expectComma();
        length = number();
        expect(")");
      } else {
        code = subject();
      }
      if (!next("=")) {
        throw new IllegalArgumentException("only comparisons with '=' are translated");
      }
      byte[] value = literal();
      if (code == ClassTest.HARDWARE) {
        // dhcpd's hardware is the type byte, then the address
        if (offset == 0) {
          if (value.length == 0 || value[0] != 1) {
            throw new IllegalArgumentException("only Ethernet (hardware type 1) is translated");
          }
          byte[] rest = new byte[value.length - 1];
          System.arraycopy(value, 1, rest, 0, rest.length);
          value = rest;
          length = length == null ? null : length - 1;
        } else {
          offset--;
        }
        if (length == null) {
          length = value.length;
        }
      }
      return new ClassTest.Equals(code, offset, length, value);
    }

    private int subject() {
      if (next("hardware")) {
        return ClassTest.HARDWARE;
      }
      if (next("option")) {
        return code(word());
      }
      throw new IllegalArgumentException("only options and the hardware address are translated");
    }

    private int code(String name) {
      OptionTypes.Definition d = custom.containsKey(name.toLowerCase(Locale.ROOT))
          ? custom.get(name.toLowerCase(Locale.ROOT)) : OptionTypes.byName(name);
      if (d == null) {
        throw new IllegalArgumentException("option " + name + " is not known");
      }
      return d.code();
    }

    private byte[] literal() {
      if (pos >= tokens.size()) {
        throw new IllegalArgumentException("a value is missing");
      }
      IscToken t = tokens.get(pos++);
      if (t.kind() == IscToken.Kind.STRING) {
        return t.text().getBytes(StandardCharsets.ISO_8859_1);
      }
      return HexFormat.ofDelimiter(":").parseHex(OptionCatalog.hex(t.text()));
    }

    private int number() {
      String w = word();
      try {
        return Integer.parseInt(w);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + w + "' is no number");
      }
    }

    private String word() {
      if (pos >= tokens.size() || tokens.get(pos).kind() != IscToken.Kind.WORD) {
        throw new IllegalArgumentException("a word is missing");
      }
      return tokens.get(pos++).text();
    }

    @Override
    protected boolean next(String word) {
      if (pos < tokens.size() && tokens.get(pos).is(word)) {
        pos++;
        return true;
      }
      return false;
    }

    private void expectComma() {
      if (pos >= tokens.size() || tokens.get(pos).kind() != IscToken.Kind.COMMA) {
        throw new IllegalArgumentException("',' expected");
      }
      pos++;
    }
  }
}

package io.dhcpfailover.node.migrate;

import io.dhcpfailover.api.v1alpha1.ClientClassSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A class's membership test as both importers read it (ISC's {@code match if}, Kea's {@code test}),
 * reduced to the forms a pair file's class can hold, and its translation into the criteria of a
 * {@link ClientClassSpec}: a vendor class (option 60) equal to or starting with a text, a user class
 * (option 77), a client architecture (option 93), a hardware address prefix; several joined by
 * {@code and}; architectures or prefixes also joined by {@code or}.
 */
sealed interface ClassTest {

  /** Both hold. */
  record And(ClassTest left, ClassTest right) implements ClassTest {}

  /** Either holds. */
  record Or(ClassTest left, ClassTest right) implements ClassTest {}

  /** The option is present. */
  record Exists(int code) implements ClassTest {}

  /**
   * A part of the request equals {@code value}: option {@code code}'s value (code 0: the client's
   * hardware address, without its type), from {@code offset}, {@code length} bytes (null: to the
   * end).
   */
  record Equals(int code, int offset, Integer length, byte[] value) implements ClassTest {}

  /** The client's hardware address, as {@link Equals#code}. */
  int HARDWARE = 0;

  /** The criteria of a class whose members pass {@code test}. */
  static ClientClassSpec criteria(ClassTest test) {
    ClientClassSpec c = new ClientClassSpec();
    List<Integer> exists = new ArrayList<>();
    add(test, c, exists);
    for (int code : exists) {
      boolean tested = switch (code) {
        case 60 -> c.getVendorClass() != null || c.getVendorClassPrefix() != null;
        case 77 -> c.getUserClass() != null;
        case 93 -> c.getArchitectures() != null;
        default -> false;
      };
      if (!tested) {
        throw new IllegalArgumentException("a test that option " + code + " merely exists");
      }
    }
    if (c.getVendorClass() == null && c.getVendorClassPrefix() == null && c.getUserClass() == null
        && c.getArchitectures() == null && c.getHardwareAddressPrefixes() == null) {
      throw new IllegalArgumentException("no test a class can hold");
    }
    return c;
  }

  private static void add(ClassTest test, ClientClassSpec c, List<Integer> exists) {
    if (test instanceof And a) {
      add(a.left(), c, exists);
      add(a.right(), c, exists);
    } else if (test instanceof Exists e) {
      exists.add(e.code());
    } else if (test instanceof Equals e) {
      equals(e, c);
    } else if (test instanceof Or o) {
      ClientClassSpec left = criteria(o.left());
      ClientClassSpec right = criteria(o.right());
      if (onlyArchitectures(left) && onlyArchitectures(right)) {
        List<Integer> all = new ArrayList<>(left.getArchitectures());
        all.addAll(right.getArchitectures());
        set(c, "architectures", c.getArchitectures(), () -> c.setArchitectures(all));
      } else if (onlyPrefixes(left) && onlyPrefixes(right)) {
        List<String> all = new ArrayList<>(left.getHardwareAddressPrefixes());
        all.addAll(right.getHardwareAddressPrefixes());
        set(c, "hardware address", c.getHardwareAddressPrefixes(),
            () -> c.setHardwareAddressPrefixes(all));
      } else {
        throw new IllegalArgumentException(
            "'or' is translated only between architectures or between hardware prefixes");
      }
    }
  }

  private static void equals(Equals e, ClientClassSpec c) {
    String text = new String(e.value(), StandardCharsets.ISO_8859_1);
    boolean whole = e.offset() == 0 && e.length() == null;
    if (e.code() == 60 && whole) {
      set(c, "vendor class", c.getVendorClass(), () -> c.setVendorClass(text));
    } else if (e.code() == 60 && e.offset() == 0) {
      if (e.length() != e.value().length) {
        throw new IllegalArgumentException("the first " + e.length() + " bytes of the vendor class"
            + " compared with \"" + text + "\" of " + e.value().length + " bytes: never equal");
      }
      set(c, "vendor class", c.getVendorClassPrefix(), () -> c.setVendorClassPrefix(text));
    } else if (e.code() == 77 && whole) {
      set(c, "user class", c.getUserClass(), () -> c.setUserClass(text));
    } else if (e.code() == 93 && whole && e.value().length == 2) {
      int arch = ((e.value()[0] & 0xff) << 8) | (e.value()[1] & 0xff);
      set(c, "architectures", c.getArchitectures(), () -> c.setArchitectures(List.of(arch)));
    } else if (e.code() == HARDWARE && e.offset() == 0 && e.length() != null
        && e.length() == e.value().length && e.length() >= 1 && e.length() <= 6) {
      String prefix = HexFormat.ofDelimiter(":").formatHex(e.value());
      set(c, "hardware address", c.getHardwareAddressPrefixes(),
          () -> c.setHardwareAddressPrefixes(List.of(prefix)));
    } else if (e.code() == HARDWARE) {
      throw new IllegalArgumentException("only a prefix of the hardware address (its first 1 to 6"
          + " bytes, equal in length to the value) is translated");
    } else {
      throw new IllegalArgumentException("option " + e.code()
          + (whole ? "" : " from byte " + e.offset()) + " is not a test a class can hold (option"
          + " 60 equal or prefix, 77, 93, a hardware prefix)");
    }
  }

  private static void set(ClientClassSpec c, String what, Object current, Runnable setter) {
    if (current != null) {
      throw new IllegalArgumentException("two tests of the " + what);
    }
    setter.run();
  }

  private static boolean onlyArchitectures(ClientClassSpec c) {
    return c.getArchitectures() != null && c.getVendorClass() == null
        && c.getVendorClassPrefix() == null && c.getUserClass() == null
        && c.getHardwareAddressPrefixes() == null;
  }

  private static boolean onlyPrefixes(ClientClassSpec c) {
    return c.getHardwareAddressPrefixes() != null && c.getVendorClass() == null
        && c.getVendorClassPrefix() == null && c.getUserClass() == null
        && c.getArchitectures() == null;
  }
}

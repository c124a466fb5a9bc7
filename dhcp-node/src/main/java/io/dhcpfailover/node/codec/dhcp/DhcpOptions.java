package io.dhcpfailover.node.codec.dhcp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The options of one DHCP message, in wire order, one entry per option code. Instances of one
 * code split over several places (RFC 3396, and option overload into {@code file}/{@code sname},
 * RFC 2131 §4.1) are joined by the decoder. Immutable; values are copied in and out.
 */
public final class DhcpOptions {
  private static final DhcpOptions EMPTY = new DhcpOptions(List.of());

  private final List<Entry> entries;

  /** One option: its code and its complete value. */
  public record Entry(DhcpOptionCode code, byte[] value) {
    public Entry {
      value = value.clone();
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    /** The value's length without copying it. */
    public int length() {
      return value.length;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Entry e && e.code.equals(code) && Arrays.equals(e.value, value);
    }

    @Override
    public int hashCode() {
      return code.hashCode() * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return code + "=" + java.util.HexFormat.of().formatHex(value);
    }
  }

  private DhcpOptions(List<Entry> entries) {
    this.entries = entries;
  }

  public static DhcpOptions empty() {
    return EMPTY;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** All options, in order. */
  public List<Entry> entries() {
    return entries;
  }

  public boolean has(int code) {
    return find(code) != null;
  }

  /** The value of option {@code code}, or null when absent. */
  public byte[] get(int code) {
    Entry e = find(code);
    return e == null ? null : e.value();
  }

  /** Option {@code code} as an IPv4 address, or {@code fallback} when absent or not 4 bytes. */
  public int getIpv4(int code, int fallback) {
    Entry e = find(code);
    if (e == null || e.value.length != 4) {
      return fallback;
    }
    byte[] v = e.value;
    return ((v[0] & 0xff) << 24) | ((v[1] & 0xff) << 16) | ((v[2] & 0xff) << 8) | (v[3] & 0xff);
  }

  /** Option {@code code} as an unsigned big-endian number of 1, 2 or 4 bytes, or {@code fallback}. */
  public long getUnsigned(int code, long fallback) {
    Entry e = find(code);
    if (e == null || e.value.length == 0 || e.value.length > 4 || e.value.length == 3) {
      return fallback;
    }
    long v = 0;
    for (byte b : e.value) {
      v = (v << 8) | (b & 0xff);
    }
    return v;
  }

  /** Option {@code code} as text (ASCII/UTF-8, NULs trimmed at the end), or null. */
  public String getText(int code) {
    Entry e = find(code);
    if (e == null) {
      return null;
    }
    int n = e.value.length;
    while (n > 0 && e.value[n - 1] == 0) {
      n--;
    }
    return new String(e.value, 0, n, StandardCharsets.UTF_8);
  }

  public int size() {
    return entries.size();
  }

  private Entry find(int code) {
    for (Entry e : entries) {
      if (e.code.code() == code) {
        return e;
      }
    }
    return null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DhcpOptions other && other.entries.equals(entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  @Override
  public String toString() {
    return entries.toString();
  }

  /** Collects options in order; adding a code twice appends to its value (RFC 3396 joining). */
  public static final class Builder {
    private final List<DhcpOptionCode> codes = new ArrayList<>();
    // One growing buffer per code: joining n instances costs O(total bytes), not O(n * bytes).
    private final List<ByteArrayOutputStream> values = new ArrayList<>();

    private Builder() {}

    public Builder add(int code, byte[] value) {
      if (code == 0 || code == 255) {
        throw new IllegalArgumentException("PAD and END are no options with values");
      }
      DhcpOptionCode c = DhcpOptionCode.valueOf(code);
      int i = codes.indexOf(c);
      if (i < 0) {
        codes.add(c);
        values.add(new ByteArrayOutputStream(value.length));
        i = codes.size() - 1;
      }
      values.get(i).writeBytes(value);
      return this;
    }

    /** Replaces (or adds) the value of {@code code}, keeping its position. */
    public Builder set(int code, byte[] value) {
      DhcpOptionCode c = DhcpOptionCode.valueOf(code);
      int i = codes.indexOf(c);
      if (i >= 0) {
        values.set(i, new ByteArrayOutputStream(value.length));
        values.get(i).writeBytes(value);
        return this;
      }
      return add(code, value);
    }

    public Builder addByte(int code, int value) {
      return add(code, new byte[] {(byte) value});
    }

    public Builder addUint16(int code, int value) {
      return add(code, new byte[] {(byte) (value >>> 8), (byte) value});
    }

    public Builder addUint32(int code, long value) {
      return add(
          code,
          new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
    }

    public Builder addIpv4(int code, int... addresses) {
      byte[] v = new byte[addresses.length * 4];
      for (int i = 0; i < addresses.length; i++) {
        int a = addresses[i];
        v[i * 4] = (byte) (a >>> 24);
        v[i * 4 + 1] = (byte) (a >>> 16);
        v[i * 4 + 2] = (byte) (a >>> 8);
        v[i * 4 + 3] = (byte) a;
      }
      return add(code, v);
    }

    public Builder addText(int code, String text) {
      return add(code, text.getBytes(StandardCharsets.UTF_8));
    }

    public boolean has(int code) {
      return codes.contains(DhcpOptionCode.valueOf(code));
    }

    public DhcpOptions build() {
      List<Entry> list = new ArrayList<>(codes.size());
      for (int i = 0; i < codes.size(); i++) {
        list.add(new Entry(codes.get(i), values.get(i).toByteArray()));
      }
      return list.isEmpty() ? EMPTY : new DhcpOptions(Collections.unmodifiableList(list));
    }
  }
}

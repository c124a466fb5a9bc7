package io.dhcpfailover.api.validation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The problems found so far in one pair, and the field readers the rules share: each reads one
 * field, reports it when it is missing or malformed, and returns its value or null.
 */
final class Problems {
  private final List<ConfigError> errors = new ArrayList<>();

  List<ConfigError> list() {
    return List.copyOf(errors);
  }

  void required(String path) {
    errors.add(new ConfigError(path, "required"));
  }

  void add(String path, String problem) {
    errors.add(new ConfigError(path, problem));
  }

  /** A problem with the offending value, {@code problem (value 'v')}. */
  void add(String path, String problem, Object value) {
    errors.add(ConfigError.of(path, problem, value));
  }

  Duration duration(String path, String text) {
    if (text == null) {
      required(path);
      return null;
    }
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      add(path, "is no duration; write e.g. 45s, 10m, 1h30m", text);
      return null;
    }
  }

  /** A duration that must be longer than zero. */
  Duration positiveDuration(String path, String text) {
    Duration d = duration(path, text);
    if (d != null && d.isZero()) {
      add(path, "must be longer than 0s", text);
      return null;
    }
    return d;
  }

  boolean between(String path, Number value, long min, long max) {
    if (value == null) {
      required(path);
      return false;
    }
    if (value.longValue() < min || value.longValue() > max) {
      add(path, "must be " + min + " to " + max, value);
      return false;
    }
    return true;
  }

  Integer ipv4(String path, String text) {
    if (text == null) {
      required(path);
      return null;
    }
    try {
      return Ipv4.parse(text);
    } catch (IllegalArgumentException e) {
      add(path, "is no IPv4 address", text);
      return null;
    }
  }

  Integer unicast(String path, String text) {
    Integer a = ipv4(path, text);
    if (a == null) {
      return null;
    }
    int first = a >>> 24;
    if (first == 0 || first >= 224) {
      add(path, "must be a unicast address", text);
      return null;
    }
    return a;
  }

  /** Parses a list of addresses; invalid entries are reported and come back as null. */
  List<Integer> addresses(String path, List<String> texts) {
    List<Integer> result = new ArrayList<>();
    if (texts == null) {
      return result;
    }
    for (int i = 0; i < texts.size(); i++) {
      result.add(ipv4(path + "[" + i + "]", texts.get(i)));
    }
    return result;
  }

  /** A subnet prefix: no host bits set, at most /30. */
  /**
   * A trusted relay's prefix: any length (a /32 names one relay); host bits are ignored, as the
   * CRD's pattern cannot see them (198.18.7.1/24 trusts 198.18.7.0/24).
   */
  void relayPrefix(String path, String text) {
    try {
      Prefix.parse(text);
    } catch (IllegalArgumentException e) {
      add(path, "is no IPv4 prefix like 198.18.7.1/32", text);
    }
  }

  Prefix prefix(String path, String text) {
    if (text == null) {
      required(path);
      return null;
    }
    Prefix p;
    try {
      p = Prefix.parse(text);
    } catch (IllegalArgumentException e) {
      add(path, "is no IPv4 prefix like 198.18.0.0/22", text);
      return null;
    }
    if (p.hostBitsSet()) {
      add(path, "has host bits set; the subnet is " + Ipv4.format(p.first()) + "/" + p.length(),
          text);
      return null;
    }
    if (p.length() > 30) {
      add(path, "is too small to serve clients (longest prefix /30)", text);
      return null;
    }
    return p;
  }
}

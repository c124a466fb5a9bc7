package io.dhcpfailover.api.v1alpha1;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The identity of a pair's configuration, computed the same way by the operator (from the pair it
 * rendered the pair file from: {@code status.configVersion}) and by each node (from the pair file
 * it runs: {@code status.primary.configVersion}, {@code status.secondary.configVersion}), so the
 * two can be compared.
 */
public final class ConfigVersion {

  private static final ObjectMapper CANONICAL =
      JsonMapper.builder()
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .build();

  private ConfigVersion() {}

  /**
   * The first 12 hex digits of the SHA-256 of the pair's {@code metadata.name} and {@code spec} as
   * canonical JSON (properties sorted, defaults filled in). Two manifests that differ only in
   * layout, comments, key order, spelled-out defaults, other metadata or status give the same
   * version.
   */
  public static String of(DhcpFailoverPair pair) {
    Map<String, Object> canonical = new LinkedHashMap<>();
    canonical.put("name", pair.getMetadata() == null ? null : pair.getMetadata().getName());
    canonical.put("spec", pair.getSpec());
    try {
      byte[] json = CANONICAL.writeValueAsBytes(canonical);
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(json);
      return HexFormat.of().formatHex(digest).substring(0, 12);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize the pair spec", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}

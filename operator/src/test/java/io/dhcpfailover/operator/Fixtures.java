package io.dhcpfailover.operator;

import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Pair manifests used by the tests, from {@code src/test/resources/pairs}. */
public final class Fixtures {
  private Fixtures() {}

  /** Loads {@code pairs/<name>.yaml} with a fixed uid and namespace {@code dhcp} when unset. */
  public static DhcpFailoverPair pair(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/pairs/" + name + ".yaml")) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      DhcpFailoverPair pair = Serialization.unmarshal(in, DhcpFailoverPair.class);
      if (pair.getMetadata().getNamespace() == null) {
        pair.getMetadata().setNamespace("dhcp");
      }
      pair.getMetadata().setUid("0b6c3f52-4f4e-4a55-9d0e-5c0d5e2f1a10");
      return pair;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

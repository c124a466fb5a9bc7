package io.dhcpfailover.node.migrate;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dhcpfailover.api.v1alpha1.BootSpec;
import io.dhcpfailover.api.v1alpha1.SubnetSpec;
import java.util.ArrayList;

/**
 * The parameters of a pool or class block, read as a subnet's by the importers' parameter
 * translation: a pool or class of the pair file keeps their options by code and boot fields.
 */
final class ScopeSettings {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NOTHING = JSON.valueToTree(new SubnetSpec()).toString();

  /** What a pool or class cannot hold of the settings. */
  static final String LEFT_OVER = "options with a field of their own in a subnet (routers,"
      + " domain-name-servers, domain-name, host-name, subnet-mask) and lease times not"
      + " translated: a pool or class of the pair file sets options by code and boot fields";

  private ScopeSettings() {}

  /** Copies the boot fields of {@code settings} to {@code target}. */
  static void copyBoot(SubnetSpec settings, BootSpec target) {
    target.setNextServer(settings.getNextServer());
    target.setBootFileName(settings.getBootFileName());
    target.setTftpServerName(settings.getTftpServerName());
  }

  /** Whether {@code settings} set more than options by code and boot fields. */
  static boolean hasMore(SubnetSpec settings) {
    SubnetSpec rest = JSON.convertValue(settings, SubnetSpec.class);
    rest.setOptions(new ArrayList<>());
    rest.setNextServer(null);
    rest.setBootFileName(null);
    rest.setTftpServerName(null);
    return !JSON.valueToTree(rest).toString().equals(NOTHING);
  }
}

package io.dhcpfailover.node.engine;

import java.util.List;
import java.util.Set;

/**
 * A client class as the engine matches it: every criterion given (non-null) must hold.
 *
 * @param name the class's name, as pools name it
 * @param vendorClass option 60 must equal this text, or null
 * @param vendorClassPrefix option 60 must start with this text, or null
 * @param userClass option 77 (or one of its RFC 3004 instances) must equal this text, or null
 * @param architectures option 93 must hold one of these types, or null
 * @param circuitId option 82 sub-option 1 must be these bytes (lower-case hex, no colons), or null
 * @param remoteId option 82 sub-option 2 must be these bytes (lower-case hex, no colons), or null
 * @param hardwarePrefixes an Ethernet chaddr must start with one of these (lower-case hex, no
 *     colons), or null
 * @param parameters the options and network-boot fields the class sets for its members
 */
public record ClientClass(
    String name,
    String vendorClass,
    String vendorClassPrefix,
    String userClass,
    Set<Integer> architectures,
    String circuitId,
    String remoteId,
    List<String> hardwarePrefixes,
    Parameters parameters) {

  /** Copies the collections. */
  public ClientClass {
    architectures = architectures == null ? null : Set.copyOf(architectures);
    hardwarePrefixes = hardwarePrefixes == null ? null : List.copyOf(hardwarePrefixes);
    parameters = parameters == null ? Parameters.NONE : parameters;
  }
}

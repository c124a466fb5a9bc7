package io.dhcpfailover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Starvation and flood defences of each node: how much one client and one relay may ask, and how
 * much of a subnet offers may hold. A request over a limit is dropped before any allocation work
 * and counted by reason in {@code dhcp_drops_total}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LimitsSpec {
  /** Default of {@link #offersPerClientPerSecond}. */
  public static final int DEFAULT_OFFERS_PER_CLIENT = 4;

  /** Default of {@link #packetsPerRelayPerSecond}. */
  public static final int DEFAULT_PACKETS_PER_RELAY = 2000;

  /** Default of {@link #outstandingOffersPerSubnet}. */
  public static final int DEFAULT_OUTSTANDING_OFFERS = 256;

  /** Default of {@link #newClientReservePercent}. */
  public static final int DEFAULT_NEW_CLIENT_RESERVE_PERCENT = 25;

  /** Default of {@link #offerHold}. */
  public static final String DEFAULT_OFFER_HOLD = "10s";

  @Default("4")
  @Min(1)
  @Max(1000)
  @JsonPropertyDescription(
      "DHCPDISCOVERs answered per client hardware address (chaddr) and second, with bursts of"
          + " as many; more are dropped (dhcp_drops_total{reason=\"client_rate_limit\"}). A real"
          + " client retransmits after 4 s and more (RFC 2131 §4.1). Default 4.")
  private Integer offersPerClientPerSecond = DEFAULT_OFFERS_PER_CLIENT;

  @Default("2000")
  @Min(1)
  @Max(1000000)
  @JsonPropertyDescription(
      "Requests accepted per relay agent (giaddr) and second, with bursts of as many; more are"
          + " dropped (dhcp_drops_total{reason=\"relay_rate_limit\"}). Directly attached clients"
          + " (no giaddr) are limited per client only. Default 2000.")
  private Integer packetsPerRelayPerSecond = DEFAULT_PACKETS_PER_RELAY;

  @Default("256")
  @Min(0)
  @Max(1000000)
  @JsonPropertyDescription(
      "Offered addresses a subnet holds for clients that have not claimed them yet, and never"
          + " more than half of the subnet's range addresses. Beyond it a DHCPOFFER is still sent"
          + " but its address is not held (counted in dhcp_offers_unheld_total), so a flood of"
          + " DHCPDISCOVERs from made-up hardware addresses cannot reserve the pool. Default 256.")
  private Integer outstandingOffersPerSubnet = DEFAULT_OUTSTANDING_OFFERS;

  @Default("10s")
  @Pattern(Patterns.DURATION)
  @ValidationRule(
      value =
          "!self.matches('" + Patterns.DURATION + "') || (duration(self) >= duration('10s')"
              + " && duration(self) <= duration('30s'))",
      message = "spec.limits.offerHold must be 10s to 30s",
      reason = "FieldValueInvalid")
  @JsonPropertyDescription(
      "How long an offered address stays held for its client (RFC 2131 §4.3.1) before it returns"
          + " to the pool unclaimed: 10s to 30s, default 10s.")
  private String offerHold = DEFAULT_OFFER_HOLD;

  @Default("25")
  @Min(0)
  @Max(90)
  @JsonPropertyDescription(
      "Share of each subnet's range addresses, in percent, kept for new clients that retransmit"
          + " like real ones. While the addresses the node may give are above it, nothing changes;"
          + " at or below it, a client with no binding, reservation or offer is answered only when"
          + " it retransmits its DHCPDISCOVER 2.5 s to 120 s after the first one, and gets a 30 s"
          + " lease until its first renewal; others are dropped"
          + " (dhcp_drops_total{reason=\"new_client_reserve\"}). 0 turns it off. Default 25.")
  private Integer newClientReservePercent = DEFAULT_NEW_CLIENT_RESERVE_PERCENT;

  public Integer getOffersPerClientPerSecond() {
    return offersPerClientPerSecond;
  }

  public void setOffersPerClientPerSecond(Integer offersPerClientPerSecond) {
    this.offersPerClientPerSecond = offersPerClientPerSecond;
  }

  public Integer getPacketsPerRelayPerSecond() {
    return packetsPerRelayPerSecond;
  }

  public void setPacketsPerRelayPerSecond(Integer packetsPerRelayPerSecond) {
    this.packetsPerRelayPerSecond = packetsPerRelayPerSecond;
  }

  public Integer getOutstandingOffersPerSubnet() {
    return outstandingOffersPerSubnet;
  }

  public void setOutstandingOffersPerSubnet(Integer outstandingOffersPerSubnet) {
    this.outstandingOffersPerSubnet = outstandingOffersPerSubnet;
  }

  public Integer getNewClientReservePercent() {
    return newClientReservePercent;
  }

  public void setNewClientReservePercent(Integer newClientReservePercent) {
    this.newClientReservePercent = newClientReservePercent;
  }

  public String getOfferHold() {
    return offerHold;
  }

  public void setOfferHold(String offerHold) {
    this.offerHold = offerHold;
  }
}

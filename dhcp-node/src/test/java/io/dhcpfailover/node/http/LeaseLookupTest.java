package io.dhcpfailover.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dhcpfailover.node.journal.Journal;
import io.dhcpfailover.node.journal.JournaledLeaseStore;
import io.dhcpfailover.node.lease.BindingState;
import io.dhcpfailover.node.lease.Lease;
import io.dhcpfailover.node.util.Hex;
import io.dhcpfailover.node.util.Ipv4;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /leases} on a real HTTP endpoint (loopback) over a real journaled store. */
class LeaseLookupTest {
  private static final long NOW = 1_800_000_000L;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  JournaledLeaseStore store;
  HttpEndpoint http;
  final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void setUp() throws Exception {
    store = JournaledLeaseStore.open(dir, new SimpleMeterRegistry(), Journal.Options.DEFAULTS);
    store.put(new Lease(Ipv4.parse("198.18.0.100"), BindingState.ACTIVE, null,
        Hex.parse("01:02:00:00:00:00:01"), "laptop", NOW - 60, NOW + 3540, NOW - 60,
        NOW + 5400, NOW + 5400, 0)).join();
    store.put(new Lease(Ipv4.parse("198.18.0.101"), BindingState.EXPIRED,
        Hex.parse("01:02:00:00:00:00:01"), null, null, NOW - 9000, NOW - 5400, NOW - 9000,
        NOW - 5400, NOW - 5400, Lease.FLAG_UNACKED | Lease.FLAG_PARTNER)).join();
    store.put(Lease.available(Ipv4.parse("198.18.0.102"), BindingState.FREE, NOW)).join();
    LeaseLookup lookup = new LeaseLookup("primary", () -> store, () -> NOW);
    http = new HttpEndpoint(new InetSocketAddress("127.0.0.1", 0), () -> true, () -> true,
        () -> "{}", () -> "");
    http.get("/leases", lookup::answer);
    http.start();
  }

  @AfterEach
  void tearDown() {
    http.close();
    store.close();
  }

  @Test
  void aMacFindsItsHardwareAddressAndItsClientIdentifier() throws Exception {
    HttpResponse<String> r = get("/leases?mac=02:00:00:00:00:01");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.path("role").asText()).isEqualTo("primary");
    assertThat(body.path("leases")).hasSize(2);
    JsonNode active = body.path("leases").get(0);
    assertThat(active.path("address").asText()).isEqualTo("198.18.0.100");
    assertThat(active.path("state").asText()).isEqualTo("ACTIVE");
    assertThat(active.path("mac").asText()).isEqualTo("02:00:00:00:00:01");
    assertThat(active.path("hostname").asText()).isEqualTo("laptop");
    assertThat(active.path("expires").asText()).isEqualTo("2027-01-15T08:59:00Z");
    assertThat(active.path("petAcked").asText()).isEqualTo("2027-01-15T09:30:00Z");
    JsonNode expired = body.path("leases").get(1);
    assertThat(expired.path("clientId").asText()).isEqualTo("01:02:00:00:00:00:01");
    assertThat(expired.path("flags").toString()).isEqualTo("[\"unacked\",\"from-partner\"]");
    // dashes as well, and upper case
    assertThat(JSON.readTree(get("/leases?mac=02-00-00-00-00-01").body()).path("leases")).hasSize(2);
    assertThat(JSON.readTree(get("/leases?mac=02:00:00:00:00:02").body()).path("leases")).isEmpty();
  }

  @Test
  void anIpFindsItsBindingWhateverItsState() throws Exception {
    JsonNode body = JSON.readTree(get("/leases?ip=198.18.0.102").body());
    assertThat(body.path("leases")).hasSize(1);
    assertThat(body.path("leases").get(0).path("state").asText()).isEqualTo("FREE");
    assertThat(body.path("leases").get(0).has("mac")).isFalse();
    assertThat(JSON.readTree(get("/leases?ip=198.18.9.9").body()).path("leases")).isEmpty();
  }

  @Test
  void aBadQueryIsAnswered400WithTheReason() throws Exception {
    assertThat(get("/leases")).satisfies(r -> {
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).contains("exactly one of mac=");
    });
    assertThat(get("/leases?mac=02:00:00:00:00:01&ip=198.18.0.100").statusCode()).isEqualTo(400);
    assertThat(get("/leases?mac=02:00:00:00:01").body())
        .contains("mac must be six hex octets", "'02:00:00:00:01'");
    assertThat(get("/leases?mac=zz:00:00:00:00:01").statusCode()).isEqualTo(400);
    assertThat(get("/leases?ip=198.18.0.300").body()).contains("ip must be an IPv4 address");
    assertThat(get("/leases?ip=host.example").statusCode()).isEqualTo(400);
    assertThat(get("/leases?limit=5").body()).contains("unknown parameter 'limit'");
  }

  @Test
  void writesAreRefused() throws Exception {
    HttpResponse<String> r = client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/leases?ip=198.18.0.100"))
            .POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(store.get(Ipv4.parse("198.18.0.100")).state()).isEqualTo(BindingState.ACTIVE);
  }

  private HttpResponse<String> get(String pathAndQuery) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + pathAndQuery)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}

package io.dhcpfailover.node.migrate;

import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.api.v1alpha1.ReservationSpec;
import io.dhcpfailover.api.v1alpha1.SubnetSpec;
import io.dhcpfailover.api.validation.Prefix;
import io.dhcpfailover.node.journal.Journal;
import io.dhcpfailover.node.journal.JournaledLeaseStore;
import io.dhcpfailover.node.lease.BindingState;
import io.dhcpfailover.node.util.Hex;
import io.dhcpfailover.node.util.Ipv4;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Writes an import into an output directory laid out as a node runs from it: {@code pair.yaml}
 * (the pair file) and {@code data/} (a data directory whose {@code leases.journal} holds the
 * imported bindings, written through the node's own journaled lease store).
 */
public final class ImportWriter {
  /** The pair file's name in the output directory. */
  public static final String PAIR_FILE = "pair.yaml";

  /** The data directory's name in the output directory. */
  public static final String DATA_DIR = "data";

  private ImportWriter() {}

  /** The pair file's text: a comment naming the source, then the manifest. */
  public static String pairFile(DhcpFailoverPair pair, String source) {
    DhcpFailoverPair file = new DhcpFailoverPair();
    file.setMetadata(new ObjectMetaBuilder().withName(pair.getMetadata().getName()).build());
    file.setSpec(pair.getSpec());
    file.setStatus(null);
    String yaml = Serialization.asYaml(file);
    if (yaml.startsWith("---\n")) {
      yaml = yaml.substring(4);
    }
    return "# Imported from " + source + " by dhcp-node import.\n" + yaml + (yaml.endsWith("\n") ? "" : "\n");
  }

  /**
   * The leases that belong in the pair's store: those in one of its subnets and not at an address
   * reserved for another client; each left out is reported.
   */
  public static List<ImportedLease> admissible(
      DhcpFailoverPair pair, List<ImportedLease> leases, List<ImportNote> notes) {
    List<ImportedLease> out = new ArrayList<>();
    for (ImportedLease l : leases) {
      SubnetSpec home = null;
      for (SubnetSpec s : pair.getSpec().getSubnets()) {
        if (Prefix.parse(s.getSubnet()).contains(l.address())) {
          home = s;
        }
      }
      if (home == null) {
        notes.add(new ImportNote(l.line(), "lease " + Ipv4.format(l.address())
            + " lies in no subnet of the pair file: not imported"));
        continue;
      }
      ReservationSpec r = reservationAt(home, l.address());
      if (r != null && l.state() != BindingState.ABANDONED && !reservedFor(r, l)) {
        notes.add(new ImportNote(l.line(), "lease " + Ipv4.format(l.address())
            + " is held by another client than the one it is reserved for: not imported"));
        continue;
      }
      out.add(l);
    }
    return out;
  }

  private static ReservationSpec reservationAt(SubnetSpec s, int address) {
    for (ReservationSpec r : s.getReservations()) {
      if (r.getAddress().equals(Ipv4.format(address))) {
        return r;
      }
    }
    return null;
  }

  private static boolean reservedFor(ReservationSpec r, ImportedLease l) {
    if (r.getClientId() != null && l.clientId() != null) {
      return r.getClientId().replace(":", "").equalsIgnoreCase(Hex.colon(l.clientId()).replace(":", ""));
    }
    byte[] hw = l.hardware();
    return r.getHardwareAddress() != null && hw != null && hw.length == 7
        && r.getHardwareAddress().equalsIgnoreCase(Hex.colon(java.util.Arrays.copyOfRange(hw, 1, 7)));
  }

  /**
   * Writes {@code out/pair.yaml} and, when {@code leases} is not null, {@code out/data} with the
   * leases in its journal. Refuses a directory that already holds a lease store.
   */
  public static void write(Path out, String pairYaml, List<ImportedLease> leases)
      throws IOException {
    Files.createDirectories(out);
    Path data = out.resolve(DATA_DIR);
    if (leases != null) {
      if (Files.exists(data.resolve(Journal.FILE_NAME))) {
        throw new IOException(data + " already holds a lease store (" + Journal.FILE_NAME
            + "); import into an empty directory");
      }
      Files.createDirectories(data);
      writeJournal(data, leases);
    }
    Path tmp = out.resolve(PAIR_FILE + ".tmp");
    Files.writeString(tmp, pairYaml, StandardCharsets.UTF_8);
    Files.move(tmp, out.resolve(PAIR_FILE), StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  private static void writeJournal(Path data, List<ImportedLease> leases) throws IOException {
    JournaledLeaseStore store =
        JournaledLeaseStore.open(data, new SimpleMeterRegistry(), Journal.Options.DEFAULTS);
    try {
      List<CompletableFuture<Void>> written = new ArrayList<>();
      for (ImportedLease l : leases) {
        written.add(store.put(l.toLease()));
      }
      CompletableFuture.allOf(written.toArray(CompletableFuture[]::new)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while writing the lease journal", e);
    } catch (ExecutionException e) {
      throw new IOException("cannot write the lease journal: " + e.getCause().getMessage(), e.getCause());
    } finally {
      store.close();
    }
  }
}

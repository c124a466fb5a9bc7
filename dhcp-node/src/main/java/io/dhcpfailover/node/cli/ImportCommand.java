package io.dhcpfailover.node.cli;

import io.dhcpfailover.node.migrate.ImportNote;
import io.dhcpfailover.node.migrate.ImportResult;
import io.dhcpfailover.node.migrate.ImportSettings;
import io.dhcpfailover.node.migrate.ImportWriter;
import io.dhcpfailover.node.migrate.ImportedLease;
import io.dhcpfailover.node.migrate.IscConfTranslator;
import io.dhcpfailover.node.migrate.IscLeaseFileParser;
import io.dhcpfailover.node.migrate.KeaConfTranslator;
import io.dhcpfailover.node.migrate.KeaLeaseFileParser;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dhcp-node import isc-dhcpd|kea}: turns another server's configuration (and leases) into a
 * pair file and a data directory. What is not translated goes to stderr, one line each; the exit
 * code is 0 when the pair file was written (whatever was reported), 2 when no valid pair could be
 * made or a file could not be read.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = "Import the configuration and leases of ISC dhcpd or Kea.",
    subcommands = {ImportCommand.IscDhcpd.class, ImportCommand.Kea.class})
final class ImportCommand implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a source: isc-dhcpd or kea");
  }

  /** The options both sources share. */
  abstract static class Source implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "Output directory: pair.yaml and data/ (the lease store).")
    Path out;

    @Option(names = "--name", description = "metadata.name of the pair (default: the failover relationship's name, else 'imported').")
    String name;

    @Option(names = "--address", description = "spec.primary.address, when the source does not say it (or to override).")
    String address;

    @Option(names = "--secondary-address", description = "spec.secondary.address, when the source declares no failover partner.")
    String secondaryAddress;

    @Option(names = "--interface", description = "An interface directly attached clients are heard on (repeatable).")
    List<String> interfaces = new ArrayList<>();

    PrintStream err = System.err;
    PrintStream stdout = System.out;

    abstract Path conf();

    abstract List<Path> leases();

    abstract String sourceName();

    abstract ImportResult translate(String text, ImportSettings settings);

    abstract BiFunction<String, List<ImportNote>, List<ImportedLease>> leaseParser();

    @Override
    public Integer call() {
      String text;
      try {
        text = Files.readString(conf(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        err.println(conf() + ": " + describe(e));
        return 2;
      }
      ImportResult result =
          translate(text, new ImportSettings(name, address, secondaryAddress, interfaces));
      for (ImportNote n : result.notes()) {
        err.println(conf().getFileName() + ": " + n);
      }
      if (!result.ok()) {
        for (String e : result.errors()) {
          err.println("error: " + e);
        }
        err.println("no pair file written");
        return 2;
      }
      List<ImportedLease> leases = null;
      if (!leases().isEmpty()) {
        leases = new ArrayList<>();
        for (Path file : leases()) {
          List<ImportNote> notes = new ArrayList<>();
          try {
            // each file continues the one before (Kea's .2 file, then the current one)
            List<ImportedLease> read = leaseParser().apply(Files.readString(file, StandardCharsets.ISO_8859_1), notes);
            for (ImportedLease l : read) {
              leases.removeIf(x -> x.address() == l.address());
              leases.add(l);
            }
          } catch (IOException e) {
            err.println(file + ": " + describe(e));
            return 2;
          }
          List<ImportedLease> kept = ImportWriter.admissible(result.pair(), leases, notes);
          leases = kept;
          for (ImportNote n : notes) {
            err.println(file.getFileName() + ": " + n);
          }
        }
      }
      try {
        ImportWriter.write(out, ImportWriter.pairFile(result.pair(), sourceName() + " configuration "
            + conf().getFileName()), leases);
      } catch (IOException e) {
        err.println("error: " + e.getMessage());
        return 2;
      }
      Path pair = out.resolve(ImportWriter.PAIR_FILE);
      Path data = out.resolve(ImportWriter.DATA_DIR);
      stdout.println("wrote " + pair + " (" + result.pair().getSpec().getSubnets().size() + " subnet(s))"
          + (leases == null ? "" : " and " + data + " (" + leases.size() + " lease(s))"));
      stdout.println("serve it: dhcp-node serve --pair " + pair + " --role standalone --data-dir " + data);
      return 0;
    }

    private static String describe(IOException e) {
      return e instanceof NoSuchFileException ? "no such file" : "cannot be read: " + e.getMessage();
    }
  }

  @Command(name = "isc-dhcpd", mixinStandardHelpOptions = true,
      description = "Import ISC dhcpd's dhcpd.conf (and dhcpd.leases).")
  static final class IscDhcpd extends Source {
    @Option(names = "--conf", required = true, description = "dhcpd.conf")
    Path conf;

    @Option(names = "--leases", description = "dhcpd.leases")
    Path leases;

    @Override
    Path conf() {
      return conf;
    }

    @Override
    List<Path> leases() {
      return leases == null ? List.of() : List.of(leases);
    }

    @Override
    String sourceName() {
      return "ISC dhcpd";
    }

    @Override
    ImportResult translate(String text, ImportSettings settings) {
      return IscConfTranslator.translate(text, settings);
    }

    @Override
    BiFunction<String, List<ImportNote>, List<ImportedLease>> leaseParser() {
      return IscLeaseFileParser::parse;
    }
  }

  @Command(name = "kea", mixinStandardHelpOptions = true,
      description = "Import Kea's kea-dhcp4.conf (and its memfile, kea-leases4.csv).")
  static final class Kea extends Source {
    @Option(names = "--conf", required = true, description = "kea-dhcp4.conf (JSON)")
    Path conf;

    @Option(names = "--leases", description = "kea-leases4.csv; repeat it to read kea-leases4.csv.2 first, then kea-leases4.csv")
    List<Path> leases = new ArrayList<>();

    @Override
    Path conf() {
      return conf;
    }

    @Override
    List<Path> leases() {
      return leases;
    }

    @Override
    String sourceName() {
      return "Kea";
    }

    @Override
    ImportResult translate(String text, ImportSettings settings) {
      return KeaConfTranslator.translate(text, settings);
    }

    @Override
    BiFunction<String, List<ImportNote>, List<ImportedLease>> leaseParser() {
      return KeaLeaseFileParser::parse;
    }
  }
}

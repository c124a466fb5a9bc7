package io.dhcpfailover.node.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.api.v1alpha1.ClientClassSpec;
import io.dhcpfailover.api.v1alpha1.PoolSpec;
import io.dhcpfailover.api.v1alpha1.SubnetSpec;
import io.dhcpfailover.api.validation.PairValidator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Client classes and the pools kept for them, from dhcpd.conf ({@code class} with {@code match
 * if}, {@code allow/deny members of}) and from Kea ({@code client-classes} with {@code test},
 * pools' {@code client-class}), on configurations written as the two servers' documentation
 * writes them.
 */
class ClassImportTest {
  private static final ImportSettings SETTINGS =
      new ImportSettings("lab", "198.18.30.2", "198.18.30.3", List.of("eth1"));

  private static ImportResult isc() {
    return IscConfTranslator.translate(Resources.read("isc-classes.conf"), SETTINGS);
  }

  private static ImportResult kea() {
    return KeaConfTranslator.translate(Resources.read("kea-dhcp4-classes.json"), SETTINGS);
  }

  private static ClientClassSpec named(ImportResult r, String name) {
    return r.pair().getSpec().getClasses().stream()
        .filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
  }

  private static List<String> notes(ImportResult r) {
    return r.notes().stream().map(ImportNote::toString).toList();
  }

  @Test
  void iscClassesBecomeClassesWithTheirBootFieldsAndOptions() {
    ImportResult r = isc();
    assertThat(r.errors()).isEmpty();
    assertThat(PairValidator.validate(r.pair())).isEmpty();
    assertThat(r.pair().getSpec().getClasses()).extracting(ClientClassSpec::getName)
        .containsExactly("ipxe", "uefi-x64", "bios", "lab-vms", "phones");

    ClientClassSpec ipxe = named(r, "ipxe");
    assertThat(ipxe.getUserClass()).isEqualTo("iPXE");
    assertThat(ipxe.getBootFileName()).isEqualTo("http://198.18.30.69/boot.ipxe");

    ClientClassSpec uefi = named(r, "uefi-x64");
    assertThat(uefi.getVendorClassPrefix()).isEqualTo("PXEClient");
    assertThat(uefi.getArchitectures()).containsExactly(7);
    assertThat(uefi.getNextServer()).isEqualTo("198.18.30.69");

    ClientClassSpec bios = named(r, "bios");
    assertThat(bios.getArchitectures()).containsExactly(0);
    assertThat(bios.getTftpServerName()).isEqualTo("tftp.lab.example");

    assertThat(named(r, "lab-vms").getHardwareAddressPrefixes())
        .containsExactly("52:54:00", "02:00:00");
    ClientClassSpec phones = named(r, "phones");
    assertThat(phones.getVendorClass()).isEqualTo("Acme-Phone-100");
    assertThat(phones.getOptions()).singleElement()
        .satisfies(o -> assertThat(o.getAddresses()).containsExactly("198.18.30.123"));
  }

  @Test
  void iscPoolPermissionsBecomeThePoolsClassesAndNotClasses() {
    SubnetSpec s = isc().pair().getSpec().getSubnets().get(0);
    assertThat(s.getPools()).extracting(PoolSpec::getRange)
        .containsExactly("198.18.30.20-198.18.30.49", "198.18.30.100-198.18.30.199",
            "198.18.30.200-198.18.30.219");
    assertThat(s.getPools().get(0).getClasses()).containsExactly("ipxe", "uefi-x64", "bios");
    assertThat(s.getPools().get(0).getNotClasses()).isNull();
    assertThat(s.getPools().get(1).getClasses()).isNull();
    assertThat(s.getPools().get(1).getNotClasses()).containsExactly("ipxe", "lab-vms");
    assertThat(s.getPools().get(2).getClasses()).containsExactly("phones");
    assertThat(s.getRanges()).as("a pool that restricts nothing stays a plain range")
        .containsExactly("198.18.30.220-198.18.30.250");
  }

  @Test
  void iscWhatIsNotTranslatedIsReportedWithItsLine() {
    List<String> notes = notes(isc());
    assertThat(notes).anySatisfy(n -> assertThat(n).startsWith("line 28: class \"mac-octets\":")
        .contains("not translated: only options and the hardware address are translated"));
    assertThat(notes).anySatisfy(n -> assertThat(n).startsWith("line 27: class \"mac-octets\"")
        .contains("no match if test"));
    assertThat(notes).anySatisfy(n -> assertThat(n).startsWith("line 30: subclass \"phones\"")
        .contains("not translated"));
    assertThat(notes).anySatisfy(n -> assertThat(n).startsWith("line 43: allow unknown-clients;")
        .contains("not translated"));
    assertThat(notes).anySatisfy(n -> assertThat(n).startsWith("line 48: allow members of"
        + " \"mac-octets\"; not translated: class \"mac-octets\" is not translated"));
    assertThat(notes).anySatisfy(n -> assertThat(n).startsWith("line 46: pool { ... }:")
        .contains("domain-name"));
  }

  @Test
  void keaClassesWithSimpleTestsBecomeClasses() {
    ImportResult r = kea();
    assertThat(r.errors()).isEmpty();
    assertThat(PairValidator.validate(r.pair())).isEmpty();
    assertThat(r.pair().getSpec().getClasses()).extracting(ClientClassSpec::getName)
        .containsExactly("ipxe", "uefi-x64", "bios", "lab-vms", "phones");
    assertThat(named(r, "ipxe").getUserClass()).isEqualTo("iPXE");
    ClientClassSpec uefi = named(r, "uefi-x64");
    assertThat(uefi.getVendorClassPrefix()).isEqualTo("PXEClient");
    assertThat(uefi.getArchitectures()).containsExactly(7);
    assertThat(uefi.getBootFileName()).isEqualTo("ipxe.efi");
    assertThat(uefi.getNextServer()).isEqualTo("198.18.30.69");
    ClientClassSpec bios = named(r, "bios");
    assertThat(bios.getArchitectures()).containsExactly(0);
    assertThat(bios.getTftpServerName()).isEqualTo("tftp.lab.example");
    assertThat(named(r, "lab-vms").getHardwareAddressPrefixes()).containsExactly("52:54:00");
    ClientClassSpec phones = named(r, "phones");
    assertThat(phones.getVendorClass()).isEqualTo("Acme-Phone-100");
    assertThat(phones.getOptions()).singleElement()
        .satisfies(o -> assertThat(o.getAddresses()).containsExactly("198.18.30.123"));
  }

  @Test
  void keaPoolsClientClassesBecomeThePoolsClasses() {
    SubnetSpec s = kea().pair().getSpec().getSubnets().get(0);
    assertThat(s.getPools()).extracting(PoolSpec::getRange)
        .containsExactly("198.18.30.20-198.18.30.49", "198.18.30.50-198.18.30.59",
            "198.18.30.200-198.18.30.219");
    assertThat(s.getPools().get(0).getClasses()).containsExactly("uefi-x64");
    assertThat(s.getPools().get(1).getClasses()).containsExactly("bios", "ipxe");
    assertThat(s.getPools().get(2).getClasses()).containsExactly("phones");
    assertThat(s.getRanges()).as("pools naming untranslated classes are open to everyone")
        .containsExactly("198.18.30.100-198.18.30.199", "198.18.30.220-198.18.30.250");
  }

  @Test
  void keaWhatIsNotTranslatedIsReportedWithItsPath() {
    List<String> notes = notes(kea());
    assertThat(notes).anySatisfy(n -> assertThat(n)
        .startsWith("Dhcp4.client-classes[5] (known).test 'member('KNOWN')' not translated"));
    assertThat(notes).anySatisfy(n -> assertThat(n)
        .startsWith("Dhcp4.client-classes[6] (required-only) not translated: a class without a"
            + " test"));
    assertThat(notes).anySatisfy(n -> assertThat(n)
        .startsWith("Dhcp4.subnet4[30].pools[2]: client class 'known' is not translated"));
    assertThat(notes).anySatisfy(n -> assertThat(n)
        .startsWith("Dhcp4.subnet4[30].pools[4].require-client-classes not translated"));
    assertThat(notes).anySatisfy(n -> assertThat(n)
        .startsWith("Dhcp4.subnet4[30].pools[3]:").contains("domain-name"));
  }

  @Test
  void aTestThatAClassCannotHoldIsRefusedWithAReason() {
    assertThat(refusal(new ClassTest.Or(
        new ClassTest.Equals(77, 0, null, "iPXE".getBytes()),
        new ClassTest.Equals(60, 0, null, "PXEClient".getBytes()))))
        .contains("'or' is translated only between architectures");
    assertThat(refusal(new ClassTest.Equals(60, 0, 9, "PXE".getBytes())))
        .contains("never equal");
    assertThat(refusal(new ClassTest.Exists(77))).contains("merely exists");
    assertThat(refusal(new ClassTest.And(new ClassTest.Equals(77, 0, null, "a".getBytes()),
        new ClassTest.Equals(77, 0, null, "b".getBytes())))).contains("two tests of the user class");
  }

  @Test
  void classNamesBecomeDnsLabelsDistinctFromEachOther() {
    List<ClientClassSpec> taken = new java.util.ArrayList<>();
    ClientClassSpec first = new ClientClassSpec();
    first.setName(IscClassTranslator.className("Lab VMs", taken));
    taken.add(first);
    assertThat(first.getName()).isEqualTo("lab-vms");
    assertThat(IscClassTranslator.className("lab_vms", taken)).isEqualTo("lab-vms-2");
    assertThat(IscClassTranslator.className("-" + "x".repeat(70) + "-", taken))
        .matches("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$").hasSize(60);
  }

  private static String refusal(ClassTest test) {
    try {
      ClassTest.criteria(test);
      return "accepted";
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }
}

package io.dhcpfailover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/**
 * The network-boot (PXE) settings that the pair, a subnet, a pool, a client class and a
 * reservation all carry: the next server ({@code siaddr}), the TFTP server name ({@code sname},
 * option 66) and the boot file name ({@code file}, option 67) of RFC 2131 §2 and RFC 2132
 * §9.4–9.5. Field by field, a reservation's setting wins over a class's, a class's over a pool's, a
 * pool's over its subnet's and a subnet's over the pair's.
 */
public abstract class BootSpec {

  @Pattern(Patterns.IPV4)
  @JsonPropertyDescription(
      "Next server in the boot process, usually the TFTP server: the reply's siaddr field.")
  private String nextServer;

  @Size(max = 255)
  @Pattern(Patterns.BOOT_NAME)
  @JsonPropertyDescription(
      "TFTP server name: the sname field when it fits (63 bytes), and option 66 when the client"
          + " asks for it or the name does not fit. Printable ASCII.")
  private String tftpServerName;

  @Size(max = 255)
  @Pattern(Patterns.BOOT_NAME)
  @JsonPropertyDescription(
      "Boot file name: the file field when it fits (127 bytes), and option 67 when the client"
          + " asks for it or the name does not fit. Printable ASCII.")
  private String bootFileName;

  public String getNextServer() {
    return nextServer;
  }

  public void setNextServer(String nextServer) {
    this.nextServer = nextServer;
  }

  public String getTftpServerName() {
    return tftpServerName;
  }

  public void setTftpServerName(String tftpServerName) {
    this.tftpServerName = tftpServerName;
  }

  public String getBootFileName() {
    return bootFileName;
  }

  public void setBootFileName(String bootFileName) {
    this.bootFileName = bootFileName;
  }
}

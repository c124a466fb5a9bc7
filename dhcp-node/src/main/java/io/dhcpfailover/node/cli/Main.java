package io.dhcpfailover.node.cli;

public final class Main {
  public static void main(String[] args) {
    System.out.println("dhcp-node");
  }
}

package io.dhcpfailover.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Printer columns move as whole list items, in the declared order; nothing else moves. */
class PrinterColumnOrderTest {

  @Test
  void reorderMovesWholeItemsAndLeavesOtherLinesAlone() {
    String yaml =
        """
        spec:
          versions:
          - additionalPrinterColumns:
            - jsonPath: ".b"
              name: "B"
              type: "string"
            - jsonPath: ".a"
              name: "A"
              type: "date"
            - jsonPath: ".x"
              name: "X"
              type: "string"
            name: "v1"
            served: true
        """;

    String reordered = PrinterColumnOrder.reorder(yaml, List.of("A", "B"));

    assertThat(reordered)
        .isEqualTo(
            """
            spec:
              versions:
              - additionalPrinterColumns:
                - jsonPath: ".a"
                  name: "A"
                  type: "date"
                - jsonPath: ".b"
                  name: "B"
                  type: "string"
                - jsonPath: ".x"
                  name: "X"
                  type: "string"
                name: "v1"
                served: true
            """);
  }

  @Test
  void reorderIsStableOnAnOrderedFile() {
    String yaml = "a:\n- additionalPrinterColumns:\n  - name: \"A\"\n  - name: \"B\"\n  name: v\n";
    assertThat(PrinterColumnOrder.reorder(yaml, List.of("A", "B"))).isEqualTo(yaml);
  }
}

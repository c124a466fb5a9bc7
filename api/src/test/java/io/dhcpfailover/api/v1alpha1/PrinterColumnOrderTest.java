package io.dhcpfailover.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The printer columns appear in the order users read them: MODE PRIMARY SECONDARY LEASES READY AGE. */
class PrinterColumnOrderTest {

  @Test
  void generatedCrdListsColumnsInDeclarationOrder() {
    List<String> names = new ArrayList<>();
    for (JsonNode column :
        CrdSchema.generated().crd().path("spec").path("versions").get(0)
            .path("additionalPrinterColumns")) {
      names.add(column.path("name").asText());
    }
    assertThat(names)
        .containsExactly("Mode", "Primary", "Secondary", "Leases", "Ready", "Age", "Upgrade");
    assertThat(PrinterColumnOrder.declaredOrder(DhcpFailoverPair.class)).isEqualTo(names);
  }

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

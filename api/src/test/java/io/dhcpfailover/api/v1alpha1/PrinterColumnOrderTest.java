package io.dhcpfailover.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import java.util.ArrayList;
import java.util.Arrays;
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
    assertThat(
            Arrays.stream(DhcpFailoverPair.class.getAnnotationsByType(AdditionalPrinterColumn.class))
                .map(AdditionalPrinterColumn::name))
        .as("the build orders the columns as declared")
        .containsExactlyElementsOf(names);
  }
}

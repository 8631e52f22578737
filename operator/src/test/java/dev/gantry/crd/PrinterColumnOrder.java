package dev.gantry.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Orders a CRD's printer columns as the {@link AdditionalPrinterColumn} annotations of its class
 * are declared. The generator sorts them by JSON path, which would show Age first and Phase last.
 */
final class PrinterColumnOrder implements CRDPostProcessor {
  private final Collection<Class<? extends HasMetadata>> kinds;

  PrinterColumnOrder(Collection<Class<? extends HasMetadata>> kinds) {
    this.kinds = kinds;
  }

  @Override
  public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
    if (crd instanceof CustomResourceDefinition definition) {
      List<String> declared = declaredColumns(definition.getSpec().getNames().getKind());
      Comparator<CustomResourceColumnDefinition> byDeclaration =
          Comparator.comparingInt(column -> rank(declared, column.getName()));
      definition
          .getSpec()
          .getVersions()
          .forEach(version -> version.getAdditionalPrinterColumns().sort(byDeclaration));
    }
    return crd;
  }

  static int rank(List<String> declared, String name) {
    int index = declared.indexOf(name);
    return index < 0 ? Integer.MAX_VALUE : index;
  }

  private List<String> declaredColumns(String kind) {
    return kinds.stream()
        .filter(type -> HasMetadata.getKind(type).equals(kind))
        .findFirst()
        .map(type -> type.getAnnotationsByType(AdditionalPrinterColumn.class))
        .map(columns -> Arrays.stream(columns).map(AdditionalPrinterColumn::name).toList())
        .orElse(List.of());
  }
}

package io.dhcpfailover.node.migrate;

import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import java.util.List;

/**
 * A translated configuration.
 *
 * @param pair the pair file's content, or null when the source lacked what a pair needs (see
 *     {@code errors})
 * @param notes what was not translated, in source order
 * @param errors why no valid pair could be made (missing addresses, validator findings); empty
 *     when {@code pair} is valid
 */
public record ImportResult(DhcpFailoverPair pair, List<ImportNote> notes, List<String> errors) {
  public ImportResult {
    notes = List.copyOf(notes);
    errors = List.copyOf(errors);
  }

  public boolean ok() {
    return errors.isEmpty();
  }
}

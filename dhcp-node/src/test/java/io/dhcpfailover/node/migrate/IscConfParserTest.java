package io.dhcpfailover.node.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IscConfParserTest {
  final List<ImportNote> notes = new ArrayList<>();

  @Test
  void tokenizesWordsStringsAndPunctuationWithLines() {
    List<IscToken> t = IscTokenizer.tokenize("option routers 198.18.0.1, 198.18.0.2; # gw\nfilename \"a b\";", notes);
    assertThat(t).extracting(IscToken::toString)
        .containsExactly("option", "routers", "198.18.0.1", ",", "198.18.0.2", ";", "filename", "\"a b\"", ";");
    assertThat(t.get(6).line()).isEqualTo(2);
    assertThat(notes).isEmpty();
  }

  @Test
  void resolvesOctalHexAndCharacterEscapesInStrings() {
    List<IscToken> t = IscTokenizer.tokenize("uid \"\\001\\002\\000a\\x41\\\"\\\\\";", notes);
    assertThat(t.get(1).bytes()).containsExactly(1, 2, 0, 'a', 'A', '"', '\\');
  }

  @Test
  void aHashInsideAStringIsNoComment() {
    List<IscToken> t = IscTokenizer.tokenize("option domain-name \"a#b\"; # comment", notes);
    assertThat(t.get(2).text()).isEqualTo("a#b");
    assertThat(t).hasSize(4);
  }

  @Test
  void buildsNestedBlocks() {
    List<IscStatement> s = IscConfParser.parse("""
        subnet 198.18.0.0 netmask 255.255.255.0 {
          pool { range 198.18.0.10 198.18.0.20; }
          option routers 198.18.0.1;
        }
        authoritative;
        """, notes);
    assertThat(s).hasSize(2);
    assertThat(s.get(0).startsWith("subnet")).isTrue();
    assertThat(s.get(0).block()).hasSize(2);
    assertThat(s.get(0).block().get(0).block().get(0).summary()).isEqualTo("range 198.18.0.10 198.18.0.20;");
    assertThat(s.get(0).block().get(1).line()).isEqualTo(3);
    assertThat(s.get(1).isBlock()).isFalse();
    assertThat(notes).isEmpty();
  }

  @Test
  void reportsAStatementWithoutSemicolonBeforeABrace() {
    List<IscStatement> s = IscConfParser.parse(Resources.read("isc-broken.conf"), notes);
    assertThat(s.get(0).block()).extracting(IscStatement::summary)
        .containsExactly("range 198.18.20.10 198.18.20.20;", "option routers 198.18.20.1;");
    assertThat(notes).extracting(ImportNote::toString).contains(
        "line 3: statement not terminated by ';' before '}'",
        "line 5: string not terminated before the end of the file");
  }

  @Test
  void reportsAStrayClosingBraceAndAnUnclosedBlock() {
    IscConfParser.parse("}\nsubnet 198.18.0.0 netmask 255.255.255.0 {\n range 198.18.0.5;\n", notes);
    assertThat(notes).extracting(ImportNote::toString).containsExactly(
        "line 1: '}' without a matching '{': skipped",
        "line 3: the file ends inside a block: '}' missing");
  }
}

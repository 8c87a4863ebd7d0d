package dev.relay.gate.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {

  @Test
  void quotedFieldsKeepCommasQuotesAndLineBreaks() {
    String text = "a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\n\n2,\"two\nlines\",z\n3,,\n";
    List<CsvReader.Row> rows = CsvReader.parse(text);
    assertThat(rows).hasSize(4);
    assertThat(rows.get(1).fields()).containsExactly("1", "x, y", "say \"hi\"");
    assertThat(rows.get(1).line()).isEqualTo(2);
    assertThat(rows.get(2).fields()).containsExactly("2", "two\nlines", "z");
    assertThat(rows.get(2).line()).isEqualTo(4);
    assertThat(rows.get(3).fields()).containsExactly("3", "", "");
    assertThat(rows.get(3).line()).isEqualTo(6);
  }

  @Test
  void lastRecordWithoutLineEndIsRead() {
    assertThat(CsvReader.parse("a,b\n1,\"2\"")).last().extracting(CsvReader.Row::fields)
        .isEqualTo(List.of("1", "2"));
  }

  @Test
  void unclosedQuoteIsRefusedNamingItsLine() {
    assertThatThrownBy(() -> CsvReader.parse("a,b\n1,2\n3,\"open\n"))
        .isInstanceOf(CsvReader.CsvSyntaxException.class).hasMessageContaining("line 3").hasMessageContaining("never closed");
  }

  @Test
  void quoteInsideUnquotedFieldIsRefused() {
    assertThatThrownBy(() -> CsvReader.parse("a,b\n1,ab\"c\n"))
        .isInstanceOf(CsvReader.CsvSyntaxException.class).hasMessageContaining("line 2");
  }
}

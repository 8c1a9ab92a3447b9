package io.nabla.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonTest {
  @Test
  void parsesObjectsArraysStringsAndIntegersKeepingKeyOrder() throws JsonException {
    Object value = Json.parse(" {\"b\": {\"shape\": [2, 0, -3]}, \"a\" : \"x\", \"c\": []}\n  ");

    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("b", Map.of("shape", List.of(2L, 0L, -3L)));
    expected.put("a", "x");
    expected.put("c", List.of());
    assertEquals(expected, value);
    assertEquals(List.of("b", "a", "c"), List.copyOf(((Map<?, ?>) value).keySet()));
  }

  @Test
  void decodesEveryEscape() throws JsonException {
    String json = "\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9 \\u00E9 \\ud83d\\ude00 λ\"";

    assertEquals("q\" b\\ s/ \b\f\n\r\t é é \uD83D\uDE00 λ", Json.parse(json));
  }

  @Test
  void parsesTheExtremeIntegers() throws JsonException {
    assertEquals(List.of(Long.MAX_VALUE, Long.MIN_VALUE, 0L),
        Json.parse("[9223372036854775807,-9223372036854775808,0]"));
  }

  @Test
  void writesCompactlyAndEscapesWhatJsonRequires() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("s", "a\"b\\c\n\t\u0001é😀");
    value.put("n", List.of(1, 2L, -3));
    value.put("o", Map.of());

    assertEquals("{\"s\":\"a\\\"b\\\\c\\n\\t\\u0001é😀\",\"n\":[1,2,-3],\"o\":{}}",
        Json.write(value));
  }

  @Test
  void whatItWritesItReadsBack() throws JsonException {
    StringBuilder everyControl = new StringBuilder();
    for (char c = 0; c < 0x20; c++) {
      everyControl.append(c);
    }
    Map<String, Object> value = new LinkedHashMap<>();
    value.put(everyControl.toString(), "\"\\/ \u007f \u2028 😀");
    value.put("list", List.of(List.of(), List.of(Long.MAX_VALUE)));

    assertEquals(value, Json.parse(Json.write(value)));
  }

  @Test
  void writerRefusesWhatUtf8CannotEncodeOrJsonHereDoesNotHold() {
    IllegalArgumentException surrogate = assertThrows(IllegalArgumentException.class,
        () -> Json.write("ab\uD800"));
    assertTrue(surrogate.getMessage().contains("unpaired surrogate U+D800 at index 2"),
        surrogate.getMessage());

    IllegalArgumentException fraction = assertThrows(IllegalArgumentException.class,
        () -> Json.write(List.of(1.5)));
    assertEquals("cannot write 1.5 (Double) as JSON; only maps, lists, strings and integers are "
        + "supported", fraction.getMessage());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "``                       | the text ends where a value was expected (at character 0)",
      "`  `                     | the text ends where a value was expected (at character 2)",
      "{\"a\":1,}               | expected a quoted key but found '}' (at character 7)",
      "[1,]                     | unexpected ']'; expected an object, an array, a string",
      "[1 2]                    | expected ',' or ']' in an array but found '2' (at character 3)",
      "{\"a\" 1}                | expected ':' after the key \"a\" but found '1' (at character 5)",
      "{a:1}                    | expected a quoted key but found 'a' (at character 1)",
      "{\"a\":1 \"b\":2}        | expected ',' or '}' after the value of \"a\" but found '\"'",
      "{\"a\":1}x               | unexpected 'x' after the end of the value (at character 7)",
      "{\"a\":1,\"a\":2}        | the key \"a\" appears twice in one object (at character 7)",
      "01                       | a number must not have leading zeros (at character 0)",
      "-                        | a '-' must be followed by digits (at character 1)",
      "1.5                      | only integers are used here, not fractions or exponents",
      "2e3                      | only integers are used here, not fractions or exponents",
      "99999999999999999999     | the integer 99999999999999999999 does not fit in 64 bits",
      "true                     | unexpected 't'; expected an object, an array, a string",
      "null                     | unexpected 'n'; expected an object, an array, a string",
      "\"abc                    | the string starting here is never closed (at character 0)",
      "\"a\\x\"                 | unknown escape \\x; JSON knows",
      "\"\\u12\"  | a \\u escape needs four hex digits, found \"\\u12\"\" (at character 1)",
      "\"\\ud800\"              | escape \\uD800 starts a surrogate pair that is never completed",
      "\"\\ud800\\u0041\"       | escape \\uD800 is followed by \\u0041, not by the second",
      "\"\\udc00\"              | escape \\uDC00 is the second half of a surrogate pair",
  })
  void refusesWhatIsNotStrictJsonOrNotUsedHere(String text, String message) {
    JsonException e = assertThrows(JsonException.class, () -> Json.parse(text));
    assertTrue(e.getMessage().startsWith(message), e.getMessage());
  }

  @Test
  void refusesAnUnescapedControlCharacter() {
    JsonException e = assertThrows(JsonException.class, () -> Json.parse("\"a\nb\""));
    assertEquals("control character U+000A must be escaped in a string (at character 2)",
        e.getMessage());
  }

  @Test
  void refusesNestingDeeperThanTheLimit() throws JsonException {
    String ok = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
    Json.parse(ok);

    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    JsonException e = assertThrows(JsonException.class, () -> Json.parse(deep));
    assertEquals("nesting deeper than 32 levels (at character 33)", e.getMessage());
  }
}

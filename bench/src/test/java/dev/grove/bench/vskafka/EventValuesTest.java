package dev.grove.bench.vskafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventValuesTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(ints = {100, 1024, 4096})
    void everyValueIsExactlyTheRequestedSizeAndAnEventOfTheDatasourceSchema(int valueBytes)
            throws Exception
    {
        EventValues values = EventValues.create(valueBytes, 7);
        Set<Long> sequences = new HashSet<>();
        for (int i = 0; i < EventValues.POOL_SIZE; i++) {
            byte[] value = values.get(i);
            assertThat(value).hasSize(valueBytes);
            JsonNode event = JSON.readTree(value);
            assertThat(Instant.parse(event.get("timestamp").asText())).isBefore(Instant.now().plusSeconds(1));
            assertThat(event.get("producer").asText()).isEqualTo("p07");
            assertThat(event.get("seq").isIntegralNumber()).isTrue();
            assertThat(event.get("payload").isTextual()).isTrue();
            assertThat(event.size()).isEqualTo(4);
            sequences.add(event.get("seq").asLong());
        }
        assertThat(sequences).hasSize(EventValues.POOL_SIZE);
        assertThat(values.get(EventValues.POOL_SIZE)).isSameAs(values.get(0));
    }

    @Test
    void theSmallestValueHasAnEmptyPayload()
            throws Exception
    {
        byte[] value = EventValues.create(EventValues.MIN_BYTES, 0).get(0);
        assertThat(value).hasSize(EventValues.MIN_BYTES);
        assertThat(JSON.readTree(value).get("payload").asText()).isEmpty();
    }

    @Test
    void valuesTooSmallForAnEventAreRefused()
    {
        assertThatThrownBy(() -> EventValues.create(EventValues.MIN_BYTES - 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least " + EventValues.MIN_BYTES);
    }
}

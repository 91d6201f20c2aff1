package dev.grove.ingest;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionerTest
{
    @Test
    void murmur2MatchesKafkasPublishedValues()
    {
        assertThat(hash("21")).isEqualTo(-973932308);
        assertThat(hash("foobar")).isEqualTo(-790332482);
        assertThat(hash("a-little-bit-long-string")).isEqualTo(-985981536);
        assertThat(hash("a-little-bit-longer-string")).isEqualTo(-1486304829);
        assertThat(hash("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8")).isEqualTo(-58897971);
        assertThat(hash("abc")).isEqualTo(479470107);
    }

    @Test
    void aKeyAlwaysMapsToOnePartitionInRange()
    {
        for (int i = 0; i < 1000; i++) {
            byte[] key = ("order-" + i).getBytes(StandardCharsets.UTF_8);
            int partition = Partitioner.forKey(key, 7);
            assertThat(partition).isBetween(0, 6).isEqualTo(Partitioner.forKey(key.clone(), 7));
        }
    }

    @Test
    void keylessRequestsMoveRoundRobin()
    {
        Partitioner partitioner = new Partitioner();
        assertThat(new int[] {partitioner.nextSticky(3), partitioner.nextSticky(3), partitioner.nextSticky(3), partitioner.nextSticky(3)})
                .containsExactly(0, 1, 2, 0);
    }

    private static int hash(String text)
    {
        return Partitioner.murmur2(text.getBytes(StandardCharsets.UTF_8));
    }
}

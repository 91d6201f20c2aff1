package dev.grove.sql;

import dev.grove.error.SqlException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlReferenceTest
{
    private static final Path PAGE = Path.of("..", "docs", "sql.md");

    private final SqlPlanner planner = new SqlPlanner(names -> Optional.of(names.get(names.size() - 1)), new SqlLimits(262_144, 100, 1000, 20_000, 2000, 10_000));

    @Test
    void docsSqlMdIsGeneratedFromTheFunctionTable()
            throws IOException
    {
        String generated = SqlReference.markdown();
        if (Boolean.getBoolean("grove.docs.write")) {
            Files.writeString(PAGE, generated, StandardCharsets.UTF_8);
        }
        String onDisk = Files.exists(PAGE) ? Files.readString(PAGE, StandardCharsets.UTF_8) : "";
        assertThat(onDisk).as("docs/sql.md is out of date with FunctionRule/SqlReference; regenerate it from the repository root with: "
                + SqlReference.REGENERATE).isEqualTo(generated);
    }

    @Test
    void everyDocumentedOperatorExampleIsAccepted()
    {
        for (SqlReference.Operator operator : SqlReference.OPERATORS) {
            List<Object> parameters = operator.example().contains("?") ? List.of("a") : List.of();
            assertThatCode(() -> planner.plan(operator.example(), parameters, Instant.EPOCH)).as(operator.syntax()).doesNotThrowAnyException();
        }
    }

    @Test
    void everyFunctionListedAsNotYetSupportedIsRefused()
    {
        String page = SqlReference.markdown();
        for (String name : SqlReference.NOT_YET_SUPPORTED) {
            if (FunctionRule.forName(name).isEmpty()) {
                assertThat(page).contains("`" + name + "`");
                assertThatThrownBy(() -> planner.plan("SELECT " + name + "(quantity) FROM orders", List.of(), Instant.EPOCH)).as(name)
                        .isInstanceOf(SqlException.class);
            }
        }
        FunctionRule.byGroup().values().forEach(group -> group.keySet().forEach(name -> assertThat(page).contains("| `" + name + "` |")));
    }
}

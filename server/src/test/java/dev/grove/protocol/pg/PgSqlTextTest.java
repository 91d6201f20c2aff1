package dev.grove.protocol.pg;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PgSqlTextTest
{
    @Test
    void splitsOnSemicolonsOutsideLiteralsAndComments()
    {
        assertThat(PgSqlText.split("SELECT 1; SELECT ';' AS \"a;b\" -- c;\n; /* d; /* e; */ */ SELECT $x$;$x$ ;; "))
                .containsExactly("SELECT 1", " SELECT ';' AS \"a;b\" -- c;\n", " /* d; /* e; */ */ SELECT $x$;$x$ ");
        assertThat(PgSqlText.split("  ;  -- only a comment\n;")).isEmpty();
        assertThat(PgSqlText.split("SELECT E'it\\'s;' ; SELECT 'it''s;'")).containsExactly("SELECT E'it\\'s;' ", " SELECT 'it''s;'");
        assertThat(PgSqlText.split("SELECT 'unterminated; SELECT 2")).containsExactly("SELECT 'unterminated; SELECT 2");
    }

    @Test
    void placeholdersBecomeQuestionMarksKeepingPositions()
    {
        PgSqlText.Placeholders placeholders = PgSqlText.placeholders("SELECT $2 + $1, '$1', x$1, $10 -- $3");
        assertThat(placeholders.sql()).isEqualTo("SELECT ?  + ? , '$1', x$1, ?   -- $3");
        assertThat(placeholders.order()).containsExactly(2, 1, 10);
        assertThat(PgSqlText.placeholders("SELECT 1").order()).isEmpty();
    }

    @Test
    void commandsAreSortedByWhatAnswersThem()
    {
        assertThat(PgCommand.parse("SET extra_float_digits = 3")).isEqualTo(new PgCommand.Set("extra_float_digits", "3"));
        assertThat(PgCommand.parse("set application_name to 'PostgreSQL JDBC Driver'")).isEqualTo(new PgCommand.Set("application_name", "PostgreSQL JDBC Driver"));
        assertThat(PgCommand.parse("SET SESSION TIME ZONE 'UTC'")).isEqualTo(new PgCommand.Set("TimeZone", "UTC"));
        assertThat(PgCommand.parse("SET search_path TO DEFAULT")).isEqualTo(new PgCommand.Set("search_path", null));
        assertThat(PgCommand.parse("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL READ COMMITTED")).isEqualTo(new PgCommand.Transaction("SET"));
        assertThat(PgCommand.parse("show transaction isolation level")).isEqualTo(new PgCommand.Show("transaction_isolation"));
        assertThat(PgCommand.parse("SHOW ALL")).isEqualTo(new PgCommand.Show(null));
        assertThat(PgCommand.parse("/* hi */ BEGIN READ ONLY")).isEqualTo(new PgCommand.Transaction("BEGIN"));
        assertThat(PgCommand.parse("end")).isEqualTo(new PgCommand.Transaction("COMMIT"));
        assertThat(PgCommand.parse("DISCARD ALL")).isEqualTo(new PgCommand.Reset(null, "DISCARD ALL"));
        assertThat(PgCommand.parse("DEALLOCATE PREPARE \"S_1\"")).isEqualTo(new PgCommand.Deallocate("S_1"));
        assertThat(PgCommand.parse("SELECT version()")).isInstanceOf(PgCommand.Catalog.class);
        assertThat(PgCommand.parse("select current_catalog")).isInstanceOf(PgCommand.Catalog.class);
        assertThat(PgCommand.parse("SELECT oid FROM pg_catalog.pg_type WHERE typname = $1")).isInstanceOf(PgCommand.Catalog.class);
        assertThat(PgCommand.parse("SELECT 'pg_class' AS name, COUNT(*) FROM orders -- pg_class")).isEqualTo(
                new PgCommand.Query("SELECT 'pg_class' AS name, COUNT(*) FROM orders -- pg_class"));
        assertThat(PgCommand.parse("  -- nothing\n")).isEqualTo(new PgCommand.Empty());
        assertThatThrownBy(() -> PgCommand.parse("SET")).isInstanceOf(PgProtocolException.class).hasMessageContaining("syntax error in SET");
    }

    @Test
    void sessionSettingsAreCheckedWhereGroveCannotHonourThem()
    {
        PgSession session = new PgSession("grove", "grove");
        assertThat(session.set("APPLICATION_NAME", "x")).contains("application_name");
        assertThat(session.get("application_name")).contains("x");
        assertThat(session.set("my.custom", "1")).isEmpty();
        assertThat(session.set("client_encoding", "utf-8")).contains("client_encoding");
        assertThat(session.get("client_encoding")).contains("UTF8");
        assertThatThrownBy(() -> session.set("client_encoding", "LATIN1")).hasMessageContaining("UTF8 only");
        assertThatThrownBy(() -> session.set("DateStyle", "German")).hasMessageContaining("ISO");
        assertThatThrownBy(() -> session.set("server_version", "9")).hasMessageContaining("cannot be changed");
        session.set("statement_timeout", "2s");
        assertThat(session.statementTimeoutMillis()).hasValue(2000);
        assertThatThrownBy(() -> session.set("statement_timeout", "soon")).hasMessageContaining("statement_timeout");
        session.resetAll();
        assertThat(session.get("application_name")).contains("");
        assertThat(session.get("my.custom")).isEmpty();
        assertThat(session.reported().keySet()).contains("server_version", "client_encoding", "DateStyle", "TimeZone", "integer_datetimes",
                "standard_conforming_strings", "application_name");
        assertThat(List.copyOf(session.all().keySet())).isSorted();
    }
}

package dev.grove.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SqlStatementsTest
{
    @Test
    void splitsOnSemicolonsOutsideQuotesAndComments()
    {
        SqlStatements.Split split = SqlStatements.split("SELECT 1; SELECT 'a;b', \"c;d\" FROM t -- x;y\n; /* ; */ SELECT 'it''s;';");
        assertThat(split.statements()).containsExactly("SELECT 1", "SELECT 'a;b', \"c;d\" FROM t -- x;y", "/* ; */ SELECT 'it''s;'");
        assertThat(split.hasIncompleteStatement()).isFalse();
    }

    @Test
    void textAfterTheLastSemicolonIsIncompleteUnlessBlankOrComment()
    {
        assertThat(SqlStatements.split("SELECT 1; SELECT").remainder()).isEqualTo(" SELECT");
        assertThat(SqlStatements.split("SELECT 1; SELECT").hasIncompleteStatement()).isTrue();
        assertThat(SqlStatements.split("SELECT 1;  -- done").hasIncompleteStatement()).isFalse();
        assertThat(SqlStatements.split("SELECT 'open;").hasIncompleteStatement()).isTrue();
        assertThat(SqlStatements.split("SELECT 1; /* open").hasIncompleteStatement()).isTrue();
        assertThat(SqlStatements.split(";;  ;").statements()).isEmpty();
    }
}

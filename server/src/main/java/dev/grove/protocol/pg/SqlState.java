package dev.grove.protocol.pg;

/**
 * The PostgreSQL SQLSTATE codes Grove sends (PostgreSQL's Appendix A names in comments).
 */
final class SqlState
{
    private SqlState() {}

    static final String SUCCESSFUL_COMPLETION = "00000";
    static final String PROTOCOL_VIOLATION = "08P01";            // protocol_violation
    static final String FEATURE_NOT_SUPPORTED = "0A000";         // feature_not_supported
    static final String INVALID_PARAMETER_VALUE = "22023";       // invalid_parameter_value
    static final String DATA_EXCEPTION = "22000";                // data_exception
    static final String INVALID_TEXT_REPRESENTATION = "22P02";   // invalid_text_representation
    static final String INVALID_BINARY_REPRESENTATION = "22P03"; // invalid_binary_representation
    static final String INVALID_AUTHORIZATION = "28000";         // invalid_authorization_specification
    static final String INVALID_SQL_STATEMENT_NAME = "26000";    // invalid_sql_statement_name
    static final String INVALID_CURSOR_NAME = "34000";           // invalid_cursor_name
    static final String DUPLICATE_PREPARED_STATEMENT = "42P05";  // duplicate_prepared_statement
    static final String DUPLICATE_CURSOR = "42P03";              // duplicate_cursor
    static final String SYNTAX_ERROR = "42601";                  // syntax_error
    static final String INSUFFICIENT_PRIVILEGE = "42501";        // insufficient_privilege
    static final String UNDEFINED_TABLE = "42P01";               // undefined_table
    static final String UNDEFINED_COLUMN = "42703";              // undefined_column
    static final String UNDEFINED_FUNCTION = "42883";            // undefined_function
    static final String UNDEFINED_OBJECT = "42704";              // undefined_object
    static final String PROGRAM_LIMIT_EXCEEDED = "54000";        // program_limit_exceeded
    static final String STATEMENT_TOO_COMPLEX = "54001";         // statement_too_complex
    static final String TOO_MANY_CONNECTIONS = "53300";          // too_many_connections
    static final String OUT_OF_MEMORY = "53200";                 // out_of_memory
    static final String CONFIGURATION_LIMIT_EXCEEDED = "53400";  // configuration_limit_exceeded
    static final String QUERY_CANCELED = "57014";                // query_canceled
    static final String ADMIN_SHUTDOWN = "57P01";                // admin_shutdown
    static final String IDLE_SESSION_TIMEOUT = "57P05";          // idle_session_timeout
    static final String CANNOT_CONNECT_NOW = "57P03";            // cannot_connect_now
    static final String INTERNAL_ERROR = "XX000";                // internal_error
}

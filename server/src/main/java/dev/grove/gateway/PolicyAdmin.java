package dev.grove.gateway;

import dev.grove.datasource.ColumnSpec;
import dev.grove.datasource.DatasourceRegistry;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import dev.grove.error.SqlException;
import dev.grove.sql.DruidSqlParser;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Setting row policies, checked before they are kept: the row filter must be one Druid SQL condition
 * and each mask one expression (so a policy cannot smuggle in a second statement or a UNION), and when
 * the datasource exists, every masked column must be one of its columns, of a type the mask fits.
 */
public final class PolicyAdmin
{
    private final SecurityStore store;
    private final DatasourceRegistry datasources;

    public PolicyAdmin(SecurityStore store, DatasourceRegistry datasources)
    {
        this.store = requireNonNull(store, "store is null");
        this.datasources = requireNonNull(datasources, "datasources is null");
    }

    public List<RowPolicy> list(Optional<String> role)
    {
        return store.policies(role);
    }

    public void set(RowPolicy policy)
    {
        policy.rowFilterFor("user").ifPresent(filter -> checkExpression("row filter", filter));
        Optional<List<ColumnSpec>> columns = datasources.get(policy.datasource()).map(datasource -> datasource.schema().columns());
        for (Map.Entry<String, ColumnMask> mask : policy.columnMasks().entrySet()) {
            if (mask.getKey().equals(ColumnSpec.TIME_COLUMN)) {
                throw new GroveException(GroveErrorCode.INVALID_REQUEST, "__time cannot be masked; filter rows by time instead");
            }
            if (mask.getValue().sql() != null) {
                checkExpression("mask of column '" + mask.getKey() + "'", mask.getValue().sql());
            }
            if (columns.isPresent()) {
                ColumnSpec column = columns.get().stream().filter(candidate -> candidate.name().equals(mask.getKey())).findFirst()
                        .orElseThrow(() -> new GroveException(GroveErrorCode.INVALID_REQUEST, "Datasource [" + policy.datasource() + "] has no column ["
                                + mask.getKey() + "] to mask"));
                mask.getValue().expressionFor(column.name(), column.type());
            }
        }
        store.setPolicy(policy);
    }

    public void delete(String role, String datasource)
    {
        store.deletePolicy(role, datasource);
    }

    private static void checkExpression(String what, String expression)
    {
        SqlNode parsed;
        try {
            parsed = DruidSqlParser.parse("SELECT 1 FROM t WHERE (" + expression + ")");
        }
        catch (SqlException e) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, "The " + what + " is not one Druid SQL expression: " + e.getMessage());
        }
        if (!(parsed instanceof SqlSelect select) || select.getWhere() == null || select.getGroup() != null || select.getOrderList() != null) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, "The " + what + " must be one Druid SQL expression");
        }
    }
}

package dev.grove.protocol.grpc;

import dev.grove.gateway.Access;
import dev.grove.gateway.Action;
import dev.grove.gateway.Gateway;
import dev.grove.gateway.PolicyAdmin;
import dev.grove.gateway.ResourceType;
import dev.grove.gateway.RowPolicy;
import dev.grove.proto.policy.v1.ColumnMask;
import dev.grove.proto.policy.v1.DeletePolicyRequest;
import dev.grove.proto.policy.v1.DeletePolicyResponse;
import dev.grove.proto.policy.v1.ListPoliciesRequest;
import dev.grove.proto.policy.v1.ListPoliciesResponse;
import dev.grove.proto.policy.v1.Policy;
import dev.grove.proto.policy.v1.PolicyServiceGrpc;
import dev.grove.proto.policy.v1.SetPolicyRequest;
import dev.grove.proto.policy.v1.SetPolicyResponse;
import dev.grove.proto.policy.v1.TestPolicyRequest;
import dev.grove.proto.policy.v1.TestPolicyResponse;
import dev.grove.query.SqlQueryService;
import io.grpc.stub.StreamObserver;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * {@code grove.policy.v1.PolicyService}: the row filters and column masks of HTTP {@code /grove/v1/policies}.
 */
final class PolicyGrpcService
        extends PolicyServiceGrpc.PolicyServiceImplBase
{
    private final PolicyAdmin policies;
    private final Gateway gateway;
    private final SqlQueryService queries;

    PolicyGrpcService(PolicyAdmin policies, Gateway gateway, SqlQueryService queries)
    {
        this.policies = requireNonNull(policies, "policies is null");
        this.gateway = requireNonNull(gateway, "gateway is null");
        this.queries = requireNonNull(queries, "queries is null");
    }

    @Override
    public void listPolicies(ListPoliciesRequest request, StreamObserver<ListPoliciesResponse> responseObserver)
    {
        GrpcCalls.unary(responseObserver, () -> {
            security(Action.READ);
            ListPoliciesResponse.Builder response = ListPoliciesResponse.newBuilder();
            policies.list(Optional.of(request.getRole()).filter(role -> !role.isEmpty())).forEach(policy -> response.addPolicies(toProto(policy)));
            return response.build();
        });
    }

    @Override
    public void setPolicy(SetPolicyRequest request, StreamObserver<SetPolicyResponse> responseObserver)
    {
        GrpcCalls.unary(responseObserver, () -> {
            Access access = security(Action.WRITE);
            Policy policy = request.getPolicy();
            Map<String, dev.grove.gateway.ColumnMask> masks = new LinkedHashMap<>();
            policy.getColumnMasksMap().forEach((column, mask) -> masks.put(column, new dev.grove.gateway.ColumnMask(mask.getType(),
                    mask.getType().equalsIgnoreCase("fixed") ? mask.getValue() : null, mask.getType().equalsIgnoreCase("lastN") ? mask.getKeep() : null,
                    mask.getType().equalsIgnoreCase("expression") ? mask.getSql() : null)));
            policies.set(new RowPolicy(policy.getRole(), policy.getDatasource(), Optional.of(policy.getRowFilter()), masks));
            access.changed("SetPolicy", policy.getRole() + "/" + policy.getDatasource());
            return SetPolicyResponse.getDefaultInstance();
        });
    }

    @Override
    public void deletePolicy(DeletePolicyRequest request, StreamObserver<DeletePolicyResponse> responseObserver)
    {
        GrpcCalls.unary(responseObserver, () -> {
            Access access = security(Action.WRITE);
            policies.delete(request.getRole(), request.getDatasource());
            access.changed("DeletePolicy", request.getRole() + "/" + request.getDatasource());
            return DeletePolicyResponse.getDefaultInstance();
        });
    }

    @Override
    public void testPolicy(TestPolicyRequest request, StreamObserver<TestPolicyResponse> responseObserver)
    {
        GrpcCalls.unary(responseObserver, () -> {
            security(Action.READ);
            return TestPolicyResponse.newBuilder().setEngineSql(queries.translate(request.getQuery(), gateway.accessOf(request.getUser()))).build();
        });
    }

    private static Access security(Action action)
    {
        Access access = GrpcAuthentication.access();
        access.check(ResourceType.CONFIG, Access.SECURITY, action);
        return access;
    }

    private static Policy toProto(RowPolicy policy)
    {
        Policy.Builder proto = Policy.newBuilder().setRole(policy.role()).setDatasource(policy.datasource()).setRowFilter(policy.rowFilter().orElse(""));
        policy.columnMasks().forEach((column, mask) -> {
            ColumnMask.Builder masked = ColumnMask.newBuilder().setType(mask.type());
            if (mask.value() != null) {
                masked.setValue(mask.value());
            }
            if (mask.keep() != null) {
                masked.setKeep(mask.keep());
            }
            if (mask.sql() != null) {
                masked.setSql(mask.sql());
            }
            proto.putColumnMasks(column, masked.build());
        });
        return proto.build();
    }
}

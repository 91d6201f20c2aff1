package dev.grove.protocol.grpc;

import dev.grove.admin.DatasourceManager;
import dev.grove.gateway.Access;
import dev.grove.proto.admin.v1.AdminServiceGrpc;
import dev.grove.proto.admin.v1.CreateDatasourceRequest;
import dev.grove.proto.admin.v1.CreateDatasourceResponse;
import dev.grove.proto.admin.v1.DropDatasourceRequest;
import dev.grove.proto.admin.v1.DropDatasourceResponse;
import dev.grove.proto.admin.v1.GetDatasourceRequest;
import dev.grove.proto.admin.v1.GetDatasourceResponse;
import dev.grove.proto.admin.v1.ListDatasourcesRequest;
import dev.grove.proto.admin.v1.ListDatasourcesResponse;
import io.grpc.stub.StreamObserver;

import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * {@code grove.admin.v1.AdminService}: datasources.
 */
final class AdminGrpcService
        extends AdminServiceGrpc.AdminServiceImplBase
{
    private final DatasourceManager datasources;

    AdminGrpcService(DatasourceManager datasources)
    {
        this.datasources = requireNonNull(datasources, "datasources is null");
    }

    @Override
    public void createDatasource(CreateDatasourceRequest request, StreamObserver<CreateDatasourceResponse> responseObserver)
    {
        GrpcCalls.unary(responseObserver, () -> {
            Access access = GrpcAuthentication.access();
            access.checkConfigWrite();
            // 0 (unset) is DatasourceManager.UNSPECIFIED_PARTITIONS: 1 for a new datasource
            DatasourceManager.CreateOutcome outcome = datasources.create(request.getDatasource().getName(),
                    DatasourceProtos.toSchema(request.getDatasource().getSchema()), request.getDatasource().getPartitions(), request.getIfNotExists());
            if (!outcome.alreadyExisted()) {
                access.changed("CreateDatasource", request.getDatasource().getName());
            }
            return CreateDatasourceResponse.newBuilder()
                    .setDatasource(DatasourceProtos.toProto(outcome.datasource()))
                    .setAlreadyExisted(outcome.alreadyExisted())
                    .build();
        });
    }

    @Override
    public void listDatasources(ListDatasourcesRequest request, StreamObserver<ListDatasourcesResponse> responseObserver)
    {
        GrpcCalls.unary(responseObserver, () -> {
            ListDatasourcesResponse.Builder response = ListDatasourcesResponse.newBuilder();
            Access access = GrpcAuthentication.access();
            datasources.list().stream().filter(datasource -> access.canRead(datasource.name()))
                    .forEach(datasource -> response.addDatasources(DatasourceProtos.toProto(datasource)));
            return response.build();
        });
    }

    @Override
    public void getDatasource(GetDatasourceRequest request, StreamObserver<GetDatasourceResponse> responseObserver)
    {
        GrpcCalls.unary(responseObserver, () -> {
            GrpcAuthentication.access().checkCanRead(Set.of(request.getName()));
            return GetDatasourceResponse.newBuilder()
                .setDatasource(DatasourceProtos.toProto(datasources.get(request.getName())))
                .setRowCount(datasources.rowCount(request.getName()))
                .setQuarantinedRecords(datasources.quarantinedRecords(request.getName()))
                .build();
        });
    }

    @Override
    public void dropDatasource(DropDatasourceRequest request, StreamObserver<DropDatasourceResponse> responseObserver)
    {
        GrpcCalls.unary(responseObserver, () -> {
            Access access = GrpcAuthentication.access();
            access.checkConfigWrite();
            datasources.drop(request.getName());
            access.changed("DropDatasource", request.getName());
            return DropDatasourceResponse.getDefaultInstance();
        });
    }
}

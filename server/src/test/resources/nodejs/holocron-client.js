// The dashboard's Holocron client as its design document writes it (@grpc/grpc-js + @grpc/proto-loader,
// JSON_ARRAY_LINES, JSON.parse of data), run against a Grove node.
//   node holocron-client.js HOST:PORT PROTO_DIR METHOD SQL [METHOD SQL ...]
// Prints one JSON line per query: {"method","sql","result"} or {"method","sql","error"}.
const grpc = require("@grpc/grpc-js");
const protoLoader = require("@grpc/proto-loader");

const [host, protoDir, ...calls] = process.argv.slice(2);
const packageDef = protoLoader.loadSync(protoDir + "/holocron/holocronproxy.proto", {
  keepCase: true,
  longs: String,
  defaults: true,
  includeDirs: [protoDir],
});
const proto = grpc.loadPackageDefinition(packageDef);
const service = proto.spotify.holocron.v1.HolocronProxyService;
const client = new service(host, grpc.credentials.createInsecure());

function query(method, sql) {
  const request = { query: sql, resultFormat: 5, context: {}, queryType: 0 };
  return new Promise((resolve, reject) => {
    client[method](request, { deadline: Date.now() + 10000 }, (err, response) => {
      if (err) return reject(err);
      if (response.status !== 1) {
        return reject(new Error(response.errorMessage || "Query failed"));
      }
      // the design calls JSON.parse bare here, so a parse failure escapes the callback and ends the process;
      // caught, so the test can report it
      try {
        resolve(JSON.parse(response.data.toString()));
      } catch (e) {
        reject(e);
      }
    });
  });
}

(async () => {
  for (let i = 0; i + 1 < calls.length; i += 2) {
    const [method, sql] = [calls[i], calls[i + 1]];
    try {
      console.log(JSON.stringify({ method, sql, result: await query(method, sql) }));
    } catch (e) {
      console.log(JSON.stringify({ method, sql, error: e.message }));
    }
  }
  client.close();
})();

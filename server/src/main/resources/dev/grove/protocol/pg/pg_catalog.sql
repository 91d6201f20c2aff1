-- Grove's emulation of PostgreSQL's pg_catalog, for the catalog queries psql, the PostgreSQL JDBC
-- driver and BI tools send. It lives in a catalog-only DuckDB that holds no data: the tables below,
-- with PostgreSQL's column names, and macros standing in for PostgreSQL's catalog functions.
-- Datasource rows (pg_class, pg_attribute, pg_tables) are filled in by PgCatalog from Grove's catalog.
-- Statements are separated by a line holding only ';'.
CREATE TABLE pg_namespace (oid BIGINT, nspname VARCHAR, nspowner BIGINT, nspacl VARCHAR[])
;
INSERT INTO pg_namespace VALUES (11, 'pg_catalog', 10, NULL), (2200, 'druid', 10, NULL), (13000, 'information_schema', 10, NULL)
;
CREATE TABLE pg_class (oid BIGINT, relname VARCHAR, relnamespace BIGINT, reltype BIGINT, reloftype BIGINT, relowner BIGINT, relam BIGINT,
  relfilenode BIGINT, reltablespace BIGINT, relpages INTEGER, reltuples FLOAT, relallvisible INTEGER, reltoastrelid BIGINT,
  relhasindex BOOLEAN, relisshared BOOLEAN, relpersistence VARCHAR, relkind VARCHAR, relnatts INTEGER, relchecks INTEGER,
  relhasrules BOOLEAN, relhastriggers BOOLEAN, relhassubclass BOOLEAN, relrowsecurity BOOLEAN, relforcerowsecurity BOOLEAN,
  relispopulated BOOLEAN, relreplident VARCHAR, relispartition BOOLEAN, relrewrite BIGINT, relfrozenxid BIGINT, relminmxid BIGINT,
  relacl VARCHAR[], reloptions VARCHAR[], relpartbound VARCHAR, relhasoids BOOLEAN)
;
CREATE TABLE pg_attribute (attrelid BIGINT, attname VARCHAR, atttypid BIGINT, attstattarget INTEGER, attlen INTEGER, attnum INTEGER,
  attndims INTEGER, attcacheoff INTEGER, atttypmod INTEGER, attbyval BOOLEAN, attstorage VARCHAR, attalign VARCHAR, attnotnull BOOLEAN,
  atthasdef BOOLEAN, atthasmissing BOOLEAN, attidentity VARCHAR, attgenerated VARCHAR, attisdropped BOOLEAN, attislocal BOOLEAN,
  attinhcount INTEGER, attcollation BIGINT, attacl VARCHAR[], attoptions VARCHAR[], attfdwoptions VARCHAR[], attmissingval VARCHAR,
  attcompression VARCHAR)
;
CREATE TABLE pg_type (oid BIGINT, typname VARCHAR, typnamespace BIGINT, typowner BIGINT, typlen INTEGER, typbyval BOOLEAN, typtype VARCHAR,
  typcategory VARCHAR, typispreferred BOOLEAN, typisdefined BOOLEAN, typdelim VARCHAR, typrelid BIGINT, typelem BIGINT, typarray BIGINT,
  typinput VARCHAR, typoutput VARCHAR, typreceive VARCHAR, typsend VARCHAR, typmodin VARCHAR, typmodout VARCHAR, typanalyze VARCHAR,
  typalign VARCHAR, typstorage VARCHAR, typnotnull BOOLEAN, typbasetype BIGINT, typtypmod INTEGER, typndims INTEGER, typcollation BIGINT,
  typdefaultbin VARCHAR, typdefault VARCHAR, typacl VARCHAR[])
;
INSERT INTO pg_type SELECT oid, typname, 11, 10, typlen, typlen BETWEEN 1 AND 8, 'b', typcategory, false, true, ',', 0, typelem, typarray,
  typname || 'in', typname || 'out', typname || 'recv', typname || 'send', '-', '-', '-', 'i', 'p', false, 0, -1, 0,
  CASE WHEN typcategory = 'S' THEN 100 ELSE 0 END, NULL, NULL, NULL
FROM (VALUES (16, 'bool', 1, 'B', 0, 1000), (17, 'bytea', -1, 'U', 0, 1001), (18, 'char', 1, 'S', 0, 1002), (19, 'name', 64, 'S', 0, 1003),
  (20, 'int8', 8, 'N', 0, 1016), (21, 'int2', 2, 'N', 0, 1005), (23, 'int4', 4, 'N', 0, 1007), (25, 'text', -1, 'S', 0, 1009),
  (26, 'oid', 4, 'N', 0, 1028), (700, 'float4', 4, 'N', 0, 1021), (701, 'float8', 8, 'N', 0, 1022), (705, 'unknown', -2, 'X', 0, 0),
  (1042, 'bpchar', -1, 'S', 0, 1014), (1043, 'varchar', -1, 'S', 0, 1015), (1082, 'date', 4, 'D', 0, 1182), (1083, 'time', 8, 'D', 0, 1183),
  (1114, 'timestamp', 8, 'D', 0, 1115), (1184, 'timestamptz', 8, 'D', 0, 1185), (1700, 'numeric', -1, 'N', 0, 1231),
  (1000, '_bool', -1, 'A', 16, 0), (1001, '_bytea', -1, 'A', 17, 0), (1002, '_char', -1, 'A', 18, 0), (1003, '_name', -1, 'A', 19, 0),
  (1016, '_int8', -1, 'A', 20, 0), (1005, '_int2', -1, 'A', 21, 0), (1007, '_int4', -1, 'A', 23, 0), (1009, '_text', -1, 'A', 25, 0),
  (1028, '_oid', -1, 'A', 26, 0), (1021, '_float4', -1, 'A', 700, 0), (1022, '_float8', -1, 'A', 701, 0), (1014, '_bpchar', -1, 'A', 1042, 0),
  (1015, '_varchar', -1, 'A', 1043, 0), (1182, '_date', -1, 'A', 1082, 0), (1183, '_time', -1, 'A', 1083, 0), (1115, '_timestamp', -1, 'A', 1114, 0),
  (1185, '_timestamptz', -1, 'A', 1184, 0), (1231, '_numeric', -1, 'A', 1700, 0))
  AS t(oid, typname, typlen, typcategory, typelem, typarray)
;
UPDATE pg_type SET typinput = 'array_in', typoutput = 'array_out', typreceive = 'array_recv', typsend = 'array_send' WHERE typcategory = 'A'
;
CREATE TABLE pg_database (oid BIGINT, datname VARCHAR, datdba BIGINT, encoding INTEGER, datcollate VARCHAR, datctype VARCHAR,
  datistemplate BOOLEAN, datallowconn BOOLEAN, datconnlimit INTEGER, dattablespace BIGINT, datacl VARCHAR[])
;
INSERT INTO pg_database VALUES (16384, 'grove', 10, 6, 'C', 'C', false, true, -1, 1663, NULL)
;
CREATE TABLE pg_roles (oid BIGINT, rolname VARCHAR, rolsuper BOOLEAN, rolinherit BOOLEAN, rolcreaterole BOOLEAN, rolcreatedb BOOLEAN,
  rolcanlogin BOOLEAN, rolreplication BOOLEAN, rolconnlimit INTEGER, rolpassword VARCHAR, rolvaliduntil TIMESTAMP, rolbypassrls BOOLEAN, rolconfig VARCHAR[])
;
INSERT INTO pg_roles VALUES (10, 'grove', false, true, false, false, true, false, -1, '********', NULL, false, NULL)
;
CREATE VIEW pg_authid AS SELECT * FROM pg_roles
;
CREATE VIEW pg_user AS SELECT rolname AS usename, oid AS usesysid, rolcreatedb AS usecreatedb, rolsuper AS usesuper, false AS userepl,
  false AS usebypassrls, rolpassword AS passwd, rolvaliduntil AS valuntil, rolconfig AS useconfig FROM pg_roles
;
CREATE TABLE pg_auth_members (roleid BIGINT, member BIGINT, grantor BIGINT, admin_option BOOLEAN)
;
CREATE TABLE pg_settings (name VARCHAR, setting VARCHAR, unit VARCHAR, category VARCHAR, short_desc VARCHAR, extra_desc VARCHAR,
  context VARCHAR, vartype VARCHAR, source VARCHAR, min_val VARCHAR, max_val VARCHAR, enumvals VARCHAR[], boot_val VARCHAR,
  reset_val VARCHAR, sourcefile VARCHAR, sourceline INTEGER, pending_restart BOOLEAN)
;
INSERT INTO pg_settings SELECT name, setting, NULL, 'Preset Options', '', NULL, 'internal', vartype, 'default', NULL, NULL, NULL, setting, setting, NULL, NULL, false
FROM (VALUES ('max_identifier_length', '63', 'integer'), ('max_index_keys', '32', 'integer'), ('server_encoding', 'UTF8', 'string'),
  ('server_version', '14.0 (Grove)', 'string'), ('server_version_num', '140000', 'integer'), ('integer_datetimes', 'on', 'bool'),
  ('standard_conforming_strings', 'on', 'bool'), ('TimeZone', 'UTC', 'string'), ('DateStyle', 'ISO, MDY', 'string'),
  ('default_transaction_read_only', 'on', 'bool'), ('block_size', '8192', 'integer')) AS t(name, setting, vartype)
;
CREATE TABLE pg_am (oid BIGINT, amname VARCHAR, amhandler VARCHAR, amtype VARCHAR)
;
INSERT INTO pg_am VALUES (2, 'heap', 'heap_tableam_handler', 't')
;
CREATE TABLE pg_tablespace (oid BIGINT, spcname VARCHAR, spcowner BIGINT, spcacl VARCHAR[], spcoptions VARCHAR[])
;
INSERT INTO pg_tablespace VALUES (1663, 'pg_default', 10, NULL, NULL)
;
CREATE TABLE pg_index (indexrelid BIGINT, indrelid BIGINT, indnatts INTEGER, indnkeyatts INTEGER, indisunique BOOLEAN, indisprimary BOOLEAN,
  indisexclusion BOOLEAN, indimmediate BOOLEAN, indisclustered BOOLEAN, indisvalid BOOLEAN, indcheckxmin BOOLEAN, indisready BOOLEAN,
  indislive BOOLEAN, indisreplident BOOLEAN, indkey INTEGER[], indcollation BIGINT[], indclass BIGINT[], indoption INTEGER[], indexprs VARCHAR, indpred VARCHAR)
;
CREATE TABLE pg_constraint (oid BIGINT, conname VARCHAR, connamespace BIGINT, contype VARCHAR, condeferrable BOOLEAN, condeferred BOOLEAN,
  convalidated BOOLEAN, conrelid BIGINT, contypid BIGINT, conindid BIGINT, conparentid BIGINT, confrelid BIGINT, confupdtype VARCHAR,
  confdeltype VARCHAR, confmatchtype VARCHAR, conislocal BOOLEAN, coninhcount INTEGER, connoinherit BOOLEAN, conkey INTEGER[], confkey INTEGER[],
  conpfeqop BIGINT[], conppeqop BIGINT[], conffeqop BIGINT[], conexclop BIGINT[], conbin VARCHAR)
;
CREATE TABLE pg_attrdef (oid BIGINT, adrelid BIGINT, adnum INTEGER, adbin VARCHAR)
;
CREATE TABLE pg_description (objoid BIGINT, classoid BIGINT, objsubid INTEGER, description VARCHAR)
;
CREATE TABLE pg_shdescription (objoid BIGINT, classoid BIGINT, description VARCHAR)
;
CREATE TABLE pg_inherits (inhrelid BIGINT, inhparent BIGINT, inhseqno INTEGER, inhdetachpending BOOLEAN)
;
CREATE TABLE pg_policy (oid BIGINT, polname VARCHAR, polrelid BIGINT, polcmd VARCHAR, polpermissive BOOLEAN, polroles BIGINT[], polqual VARCHAR, polwithcheck VARCHAR)
;
CREATE TABLE pg_statistic_ext (oid BIGINT, stxrelid BIGINT, stxname VARCHAR, stxnamespace BIGINT, stxowner BIGINT, stxstattarget INTEGER,
  stxkeys INTEGER[], stxkind VARCHAR[], stxexprs VARCHAR)
;
CREATE TABLE pg_publication (oid BIGINT, pubname VARCHAR, pubowner BIGINT, puballtables BOOLEAN, pubinsert BOOLEAN, pubupdate BOOLEAN,
  pubdelete BOOLEAN, pubtruncate BOOLEAN, pubviaroot BOOLEAN)
;
CREATE TABLE pg_publication_rel (oid BIGINT, prpubid BIGINT, prrelid BIGINT, prqual VARCHAR, prattrs INTEGER[])
;
CREATE TABLE pg_publication_namespace (oid BIGINT, pnpubid BIGINT, pnnspid BIGINT)
;
CREATE TABLE pg_trigger (oid BIGINT, tgrelid BIGINT, tgparentid BIGINT, tgname VARCHAR, tgfoid BIGINT, tgtype INTEGER, tgenabled VARCHAR,
  tgisinternal BOOLEAN, tgconstrrelid BIGINT, tgconstrindid BIGINT, tgconstraint BIGINT, tgdeferrable BOOLEAN, tginitdeferred BOOLEAN,
  tgnargs INTEGER, tgattr INTEGER[], tgargs VARCHAR, tgqual VARCHAR, tgoldtable VARCHAR, tgnewtable VARCHAR)
;
CREATE TABLE pg_rewrite (oid BIGINT, rulename VARCHAR, ev_class BIGINT, ev_type VARCHAR, ev_enabled VARCHAR, is_instead BOOLEAN, ev_qual VARCHAR, ev_action VARCHAR)
;
CREATE TABLE pg_collation (oid BIGINT, collname VARCHAR, collnamespace BIGINT, collowner BIGINT, collprovider VARCHAR,
  collisdeterministic BOOLEAN, collencoding INTEGER, collcollate VARCHAR, collctype VARCHAR)
;
INSERT INTO pg_collation VALUES (100, 'default', 11, 10, 'd', true, -1, NULL, NULL), (950, 'C', 11, 10, 'c', true, -1, 'C', 'C')
;
CREATE TABLE pg_proc (oid BIGINT, proname VARCHAR, pronamespace BIGINT, proowner BIGINT, prolang BIGINT, prokind VARCHAR, prorettype BIGINT,
  proargtypes BIGINT[], proallargtypes BIGINT[], proargnames VARCHAR[], proargmodes VARCHAR[], proretset BOOLEAN, prosrc VARCHAR)
;
CREATE TABLE pg_extension (oid BIGINT, extname VARCHAR, extowner BIGINT, extnamespace BIGINT, extrelocatable BOOLEAN, extversion VARCHAR)
;
CREATE TABLE pg_enum (oid BIGINT, enumtypid BIGINT, enumsortorder FLOAT, enumlabel VARCHAR)
;
CREATE TABLE pg_range (rngtypid BIGINT, rngsubtype BIGINT)
;
CREATE TABLE pg_partitioned_table (partrelid BIGINT, partstrat VARCHAR, partnatts INTEGER, partdefid BIGINT, partattrs INTEGER[])
;
CREATE TABLE pg_foreign_table (ftrelid BIGINT, ftserver BIGINT, ftoptions VARCHAR[])
;
CREATE TABLE pg_sequence (seqrelid BIGINT, seqtypid BIGINT, seqstart BIGINT, seqincrement BIGINT, seqmax BIGINT, seqmin BIGINT, seqcache BIGINT, seqcycle BOOLEAN)
;
CREATE TABLE pg_event_trigger (oid BIGINT, evtname VARCHAR, evtevent VARCHAR, evtowner BIGINT, evtfoid BIGINT, evtenabled VARCHAR, evttags VARCHAR[])
;
CREATE TABLE pg_cast (oid BIGINT, castsource BIGINT, casttarget BIGINT, castfunc BIGINT, castcontext VARCHAR, castmethod VARCHAR)
;
CREATE TABLE pg_operator (oid BIGINT, oprname VARCHAR, oprnamespace BIGINT, oprowner BIGINT, oprkind VARCHAR, oprleft BIGINT, oprright BIGINT, oprresult BIGINT)
;
CREATE TABLE pg_language (oid BIGINT, lanname VARCHAR, lanowner BIGINT, lanispl BOOLEAN, lanpltrusted BOOLEAN)
;
CREATE TABLE pg_matviews (schemaname VARCHAR, matviewname VARCHAR, matviewowner VARCHAR, tablespace VARCHAR, hasindexes BOOLEAN, ispopulated BOOLEAN, definition VARCHAR)
;
CREATE TABLE pg_views (schemaname VARCHAR, viewname VARCHAR, viewowner VARCHAR, definition VARCHAR)
;
CREATE TABLE pg_indexes (schemaname VARCHAR, tablename VARCHAR, indexname VARCHAR, tablespace VARCHAR, indexdef VARCHAR)
;
CREATE VIEW pg_tables AS SELECT n.nspname AS schemaname, c.relname AS tablename, 'grove' AS tableowner, NULL::VARCHAR AS tablespace,
  false AS hasindexes, false AS hasrules, false AS hastriggers, false AS rowsecurity
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r'
;
CREATE MACRO pg_get_userbyid(id) AS 'grove'
;
CREATE MACRO pg_table_is_visible(id) AS true
;
CREATE MACRO pg_type_is_visible(id) AS true
;
CREATE MACRO pg_function_is_visible(id) AS true
;
CREATE MACRO pg_encoding_to_char(id) AS 'UTF8'
;
-- the macro is expanded inline, so its alias must be one no client query uses (a client's "t" would be captured)
CREATE MACRO format_type(type_oid, typemod) AS (SELECT CASE grove_ft.typname WHEN 'int8' THEN 'bigint' WHEN 'int4' THEN 'integer'
  WHEN 'int2' THEN 'smallint' WHEN 'float8' THEN 'double precision' WHEN 'float4' THEN 'real' WHEN 'bool' THEN 'boolean'
  WHEN 'varchar' THEN 'character varying' WHEN 'timestamp' THEN 'timestamp without time zone' WHEN 'timestamptz' THEN 'timestamp with time zone'
  WHEN '_text' THEN 'text[]' WHEN '_int8' THEN 'bigint[]' WHEN '_float8' THEN 'double precision[]' ELSE grove_ft.typname END
  FROM pg_type grove_ft WHERE grove_ft.oid = type_oid)
;
CREATE MACRO pg_get_expr(expr, relation) AS NULL::VARCHAR, (expr, relation, pretty) AS NULL::VARCHAR
;
CREATE MACRO obj_description(id) AS NULL::VARCHAR, (id, catalog) AS NULL::VARCHAR
;
CREATE MACRO shobj_description(id, catalog) AS NULL::VARCHAR
;
CREATE MACRO col_description(id, column_number) AS NULL::VARCHAR
;
CREATE MACRO pg_get_constraintdef(id) AS NULL::VARCHAR, (id, pretty) AS NULL::VARCHAR
;
CREATE MACRO pg_get_indexdef(id) AS NULL::VARCHAR, (id, column_number, pretty) AS NULL::VARCHAR
;
CREATE MACRO pg_get_viewdef(id) AS NULL::VARCHAR, (id, pretty) AS NULL::VARCHAR
;
CREATE MACRO pg_get_triggerdef(id) AS NULL::VARCHAR, (id, pretty) AS NULL::VARCHAR
;
CREATE MACRO pg_get_partkeydef(id) AS NULL::VARCHAR
;
CREATE MACRO pg_get_function_result(id) AS NULL::VARCHAR
;
CREATE MACRO pg_get_function_arguments(id) AS NULL::VARCHAR
;
CREATE MACRO pg_relation_size(id) AS 0::BIGINT
;
CREATE MACRO pg_total_relation_size(id) AS 0::BIGINT
;
CREATE MACRO pg_table_size(id) AS 0::BIGINT
;
CREATE MACRO pg_backend_pid() AS 0
;
CREATE MACRO array_upper(list, dimension) AS CASE WHEN dimension = 1 AND len(list) > 0 THEN len(list) END
;
CREATE MACRO array_lower(list, dimension) AS CASE WHEN dimension = 1 AND len(list) > 0 THEN 1 END
;
CREATE MACRO has_table_privilege(a, b) AS true, (a, b, c) AS true
;
CREATE MACRO has_schema_privilege(a, b) AS true, (a, b, c) AS true
;
CREATE MACRO has_database_privilege(a, b) AS true, (a, b, c) AS true
;
CREATE MACRO has_column_privilege(a, b, c) AS true, (a, b, c, d) AS true
;
CREATE MACRO has_any_column_privilege(a, b) AS true, (a, b, c) AS true
;
CREATE MACRO has_function_privilege(a, b) AS true, (a, b, c) AS true
;
CREATE MACRO pg_is_in_recovery() AS false
;
CREATE MACRO pg_get_statisticsobjdef_columns(id) AS NULL::VARCHAR
;
CREATE MACRO pg_get_statisticsobjdef(id) AS NULL::VARCHAR
;
CREATE MACRO pg_get_ruledef(id) AS NULL::VARCHAR, (id, pretty) AS NULL::VARCHAR
;
CREATE MACRO pg_get_serial_sequence(tab, col) AS NULL::VARCHAR
;
CREATE MACRO pg_partition_root(id) AS NULL::BIGINT
;
CREATE MACRO pg_tablespace_location(id) AS ''
;
CREATE MACRO pg_postmaster_start_time() AS TIMESTAMP '2000-01-01 00:00:00'
;
CREATE MACRO pg_relation_is_publishable(id) AS false
;
CREATE MACRO current_database() AS 'grove'
;
CREATE MACRO _pg_expandarray(list) AS {'x': list[1], 'n': 1}

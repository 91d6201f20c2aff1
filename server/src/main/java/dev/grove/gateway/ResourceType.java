package dev.grove.gateway;

/**
 * What a permission is about, with Druid's names: {@code DATASOURCE} (a table in the {@code druid}
 * schema), {@code CONFIG} (configuration, including {@code security} for the basic-security API),
 * {@code STATE} (cluster state: status endpoints) and {@code SYSTEM_TABLE} (tables in {@code sys}).
 */
public enum ResourceType
{
    DATASOURCE,
    CONFIG,
    STATE,
    SYSTEM_TABLE
}

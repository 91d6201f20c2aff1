package dev.grove.gateway;

/** What a caller does to a resource. As in Druid, WRITE does not include READ. */
public enum Action
{
    READ,
    WRITE
}

"""Small helpers with no domain in them, below every layer (`model` included): any package of
`service` may import them, and they import nothing of `service`.

- `gc_pause.collector_paused()`: pause the cyclic garbage collector around bulk work;
- `lru.LruCache`: a thread-safe least-recently-used map, for caches kept per process.
"""

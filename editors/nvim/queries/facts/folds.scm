; Multi-line declarations fold to their first line.
[(source) (entity) (relation) (statement) (dispute)] @fold

from bench.element_floor import replay

replay.page("reorganisation")

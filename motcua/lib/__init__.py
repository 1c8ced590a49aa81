"""Pure, model-free helpers shared by several apps."""

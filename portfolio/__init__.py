"""Portfolio manager for the EU Cyber Capacity Building Board."""

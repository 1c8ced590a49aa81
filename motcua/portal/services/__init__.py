"""Portal business rules, one module per topic; views import from the topic modules."""

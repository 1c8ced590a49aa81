"""Portal views by audience: public pages, citizen accounts and filings, the desk's online work, evaluation."""

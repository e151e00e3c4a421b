"""Sources (kilderegister): the people, documents, plans and organisations a group has found worth learning from."""

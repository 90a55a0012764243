// Prior profiles (DESIGN §4.8): ids unique per label within a workspace, like every entity.
CREATE CONSTRAINT prior_profile_key IF NOT EXISTS FOR (n:PriorProfile) REQUIRE (n.workspace, n.id) IS UNIQUE;

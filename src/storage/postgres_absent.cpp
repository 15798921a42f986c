// A build without the PostgreSQL backend (FIDELITY_WITH_POSTGRESQL off: the
// Windows build until libpq and libpqxx are cross-built): a server address
// is refused, saying why, as any unusable --db is.
#include "storage/sql.hpp"

namespace fw::storage::detail {

std::unique_ptr<Connection> open_postgresql(const std::string& address, const OpenOptions&) {
    throw DatabaseError(DatabaseError::Kind::address, address,
                        "this build of the Fidelity Workstation cannot use a PostgreSQL server (it was built without "
                        "it); open a database file, or use the Linux build for the shared database");
}

}  // namespace fw::storage::detail

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/kinderstem/kinderstem/internal/fault"
)

// Roles a staff user can have.
const (
	RoleAdmin   = "admin"
	RoleAnalyst = "analyst"
	RoleWorker  = "worker"
)

// Roles lists the roles in order of reach.
var Roles = []string{RoleAdmin, RoleAnalyst, RoleWorker}

// User is a staff account. Children never have one.
type User struct {
	ID             int64
	OrganisationID int64
	Organisation   string
	Email          string
	Name           string
	Role           string
	PasswordHash   string
	SessionEpoch   int64
	Disabled       bool
	CreatedAt      time.Time
}

const userColumns = `u.id, u.organisation_id, o.name, u.email, u.name, u.role, u.password_hash, u.session_epoch, u.disabled, u.created_at`

func scanUser(row interface{ Scan(...any) error }) (*User, error) {
	var u User
	var created string
	err := row.Scan(&u.ID, &u.OrganisationID, &u.Organisation, &u.Email, &u.Name, &u.Role, &u.PasswordHash, &u.SessionEpoch, &u.Disabled, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fault.New(fault.NotFound, "error.not_found", "no such user")
	}
	if err != nil {
		return nil, err
	}
	u.CreatedAt = parseTime(created)
	return &u, nil
}

// CreateUser stores a new user and sets its id.
func (s *Store) CreateUser(ctx context.Context, u *User) error {
	if err := CheckStaffText("name", u.Name); err != nil {
		return err
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO users (organisation_id, email, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			u.OrganisationID, u.Email, u.Name, u.Role, u.PasswordHash, timestamp(s.now()))
		if err != nil {
			return err
		}
		u.ID, err = res.LastInsertId()
		return err
	})
	if isUnique(err) {
		return fault.Field("email", "error.email_taken", "a user with this e-mail exists")
	}
	if err != nil {
		return fmt.Errorf("store: create user: %w", err)
	}
	u.SessionEpoch = 1
	return nil
}

// UserByEmail finds a user by e-mail, ignoring case.
func (s *Store) UserByEmail(ctx context.Context, email string) (*User, error) {
	u, err := scanUser(s.r.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.email = ?`, email))
	if err != nil && !fault.Is(err, fault.NotFound) {
		return nil, fmt.Errorf("store: user by e-mail: %w", err)
	}
	return u, err
}

// UserByID finds a user by id.
func (s *Store) UserByID(ctx context.Context, id int64) (*User, error) {
	u, err := scanUser(s.r.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.id = ?`, id))
	if err != nil && !fault.Is(err, fault.NotFound) {
		return nil, fmt.Errorf("store: user %d: %w", id, err)
	}
	return u, err
}

// Users lists every user, by organisation and e-mail.
func (s *Store) Users(ctx context.Context) ([]*User, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+userColumns+` FROM users u JOIN organisations o ON o.id = u.organisation_id ORDER BY o.name, u.email`)
	if err != nil {
		return nil, fmt.Errorf("store: list users: %w", err)
	}
	defer rows.Close()
	var out []*User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list users: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// SetPassword replaces a user's password hash and moves its session epoch
// on, which logs the user out everywhere.
func (s *Store) SetPassword(ctx context.Context, id int64, hash string) error {
	return s.updateUser(ctx, id, `UPDATE users SET password_hash = ?, session_epoch = session_epoch + 1 WHERE id = ?`, hash)
}

// SetRole changes a user's role and logs the user out everywhere.
func (s *Store) SetRole(ctx context.Context, id int64, role string) error {
	return s.updateUser(ctx, id, `UPDATE users SET role = ?, session_epoch = session_epoch + 1 WHERE id = ?`, role)
}

// SetDisabled disables or enables a user; disabling logs it out everywhere.
func (s *Store) SetDisabled(ctx context.Context, id int64, disabled bool) error {
	return s.updateUser(ctx, id, `UPDATE users SET disabled = ?, session_epoch = session_epoch + 1 WHERE id = ?`, disabled)
}

func (s *Store) updateUser(ctx context.Context, id int64, query string, val any) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, query, val, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fault.New(fault.NotFound, "error.not_found", "no such user")
		}
		// Every change to an account ends its sessions, in the same
		// transaction: there is no moment when an old session still works.
		_, err = tx.ExecContext(ctx, `DELETE FROM staff_sessions WHERE user_id = ?`, id)
		return err
	})
	if err != nil && !fault.Is(err, fault.NotFound) {
		return fmt.Errorf("store: update user %d: %w", id, err)
	}
	return err
}

// CountUsers returns how many staff users exist.
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count users: %w", err)
	}
	return n, nil
}

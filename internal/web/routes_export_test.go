package web

import "github.com/gin-gonic/gin"

// RouteTable lists every route the application serves, for the access
// test that checks each one against every kind of visitor.
func (a *App) RouteTable() gin.RoutesInfo { return a.engine.Routes() }
